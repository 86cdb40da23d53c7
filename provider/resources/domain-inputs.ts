/** A Domain's inputs (the schema `check` applies), its outputs, and the fields `diff` compares. */
import type { z } from "zod";
import type { Region } from "../config";
import type { DnsRecordOutput, KeyedDnsRecords } from "./dns";
import { asProps } from "./types";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { domainFields } from "./fields/domain";

export const domainInputs = inputSchema(domainFields);

export type DomainInputs = z.output<typeof domainInputs> & { region: Region };

export interface DomainOutputs extends DomainInputs {
  domainId: string;
  state: string;
  type: string;
  smtpLogin: string;
  createdAt: string;
  sendingDnsRecords: DnsRecordOutput[];
  receivingDnsRecords: DnsRecordOutput[];
  dnsRecords: KeyedDnsRecords;
  /** dnsDigest of the records last handed to the program (create/update); a refresh keeps it. */
  dnsDigest?: string;
  /** When this provider last wrote the domain (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
  /** The inputs the program set; `read` returns only these, so a refresh does not invent inputs. */
  inputKeys?: string[];
}

/** Fields compared by diff, and those of them that replace (fields/domain.ts). */
export const FIELDS = diffedFields(domainFields);
export const REPLACES = replacingFields(domainFields);

export function inputKeysOf(inputs: DomainInputs): string[] {
  return [...FIELDS, "adopt"].filter((f) => asProps(inputs)[f] !== undefined);
}
