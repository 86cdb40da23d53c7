/**
 * What `pulumi-mailgun recover` does to a stack's state after an interrupted `pulumi up`,
 * as a pure function of the exported deployment (`pulumi stack export`).
 *
 * An interrupted run leaves "pending operations": the engine started them and never heard
 * back. Pulumi 3.259 cannot resolve them for dynamic resources by itself:
 * - `refresh --clear-pending-creates` forgets objects that may exist. Routes, webhooks and
 *   sending keys survive that (their next create takes over what the interrupted one made),
 *   but a Domain would then fail with "already exists".
 * - `refresh --import-pending-creates URN ID` only relabels the operation; the refresh then
 *   drops it without reading the object, so nothing is imported.
 * So this plan records each pending create whose Mailgun id follows from its inputs (Domain:
 * its name; Webhook: the domain and a digest of its URL; DomainCredential: its full login) as a
 * resource, for the next refresh to read, and drops the rest.
 */
import type { ResourceKind } from "../../provider";
import { dkimKeyId } from "../../provider/resources/dkim-key-id";
import { webhookId } from "../../provider/resources/webhook-id";

export const TYPE_PREFIX = "pulumi-nodejs:dynamic/mailgun:";

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PendingOperation {
  type: string;
  resource: StateResource;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: PendingOperation[];
  [key: string]: unknown;
}

export interface RecoveryStep {
  urn: string;
  /** "import": recorded with this id, for refresh to read. "clear": dropped. "keep": not ours, left alone. */
  action: "import" | "clear" | "keep";
  id?: string;
  why: string;
}

export interface RecoveryPlan {
  deployment: Deployment;
  steps: RecoveryStep[];
  /** Pending creates this tool does not own: the user must resolve them (e.g. `pulumi refresh --clear-pending-creates`). */
  foreign: number;
  /**
   * What to run next: "destroy" when every pending operation was a delete (what an interrupted
   * `pulumi destroy` leaves), else "up". The state does not say which command was running.
   */
  resume: "up" | "destroy";
}

function kindOf(type: string): string | undefined {
  return type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : undefined;
}

/** The id Mailgun gives the object, when it follows from the inputs alone. */
export function derivableId(kind: string, inputs: Record<string, unknown>): string | undefined {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  if (kind === "Domain") return str(inputs.name);
  if (kind === "Webhook") {
    const domain = str(inputs.domain);
    const url = str(inputs.url);
    return domain && url ? webhookId(domain, url) : undefined;
  }
  if (kind === "DomainCredential") {
    // check already reduced the login to its local part; the id is the full login.
    const domain = str(inputs.domain);
    const login = str(inputs.login);
    return domain && login ? `${login}@${domain}` : undefined;
  }
  if (SUPPRESSION_KINDS.includes(kind as ResourceKind)) {
    // The suppression handlers' id: the domain and the entry's key (check already lower-cased both).
    const domain = str(inputs.domain);
    const key = str(inputs.address) ?? str(inputs.allowedDomain);
    return domain && key ? `${domain}/${key}` : undefined;
  }
  // The key this create made may already be active (the create activates it as its second write),
  // and an active key cannot be told from someone else's by the next create: recorded by its id
  // (the DkimKey handler's idOf), the refresh reads it.
  if (kind === "DkimKey") {
    const domain = str(inputs.signingDomain);
    const selector = str(inputs.selector);
    return domain && selector ? dkimKeyId(domain, selector) : undefined;
  }
  // check lower-cased both addresses; a list's id is its address, a member's the list's and its own.
  if (kind === "MailingList") return str(inputs.address);
  if (kind === "MailingListMember") {
    const list = str(inputs.list);
    const address = str(inputs.address);
    return list && address ? `${list}/${address}` : undefined;
  }
  return undefined;
}

/** An interrupted create of one of these left an entry its next create cannot tell from a real bounce or complaint. */
const SUPPRESSION_KINDS: readonly ResourceKind[] = ["Bounce", "Unsubscribe", "Complaint", "SuppressionAllowlist"];

/** Why dropping an interrupted create is safe, for kinds whose id does not follow from the inputs (test/unit/kinds-complete.test.ts holds every kind to one of the two). */
export const TAKEN_OVER: Partial<Record<ResourceKind, string>> = {
  Route: "its next create takes over an identical route the interrupted one made",
  SendingKey: "its next create deletes any key the interrupted one made (its secret was never recorded) and makes a new one",
  Webhook: "its next create subscribes the URL again, a no-op where it already is",
  Domain: "its next create will make it",
  ApiKey: "its next create deletes any key the interrupted one made (its secret was never recorded) and makes a new one",
  AccountWebhook: "its next create takes over the identical account webhook the interrupted one made",
  IpAllowlistEntry: "its next create takes back the entry the interrupted one made (recognised by the [pulumi:<hash>] marker in its description)",
  Template: "its next create takes over the template the interrupted one made (recognised by this resource's marker in createdBy)",
  TemplateVersion: "its next create takes over the version the interrupted one made (same tag and content)",
  DomainVerification: "it made nothing at Mailgun: its next create checks the records again",
};

/**
 * The index of the entry a pending create replaces: same URN, another object (another id, or
 * the same id in another region), the last such. -1 when there is none, or when the state already
 * holds the very object the create would make as live. The engine marks the old entry for
 * deletion once the provider's create answers, and a checkpoint written by another step before
 * this one ends shows it so (pkg/resource/deploy/step.go, CreateStep.Apply): the old entry may
 * be marked already.
 */
function replacedBy(resources: StateResource[], urn: string, id: string, inputs: Record<string, unknown>): number {
  const isThisObject = (r: StateResource) => r.id === id && (r.outputs?.region ?? r.inputs?.region) === inputs.region;
  const entries = resources.map((r, i) => [r, i] as const).filter(([r]) => r.urn === urn);
  if (entries.some(([r]) => r.delete !== true && isThisObject(r))) return -1;
  return entries.filter(([r]) => !isThisObject(r)).at(-1)?.[1] ?? -1;
}

export function planRecovery(deployment: Deployment): RecoveryPlan {
  const resources = [...(deployment.resources ?? [])];
  const recorded = new Set(resources.map((r) => r.urn));
  const pending: PendingOperation[] = [];
  const steps: RecoveryStep[] = [];
  let foreign = 0;

  for (const op of deployment.pending_operations ?? []) {
    const kind = kindOf(op.resource.type);
    if (!kind) {
      pending.push(op);
      if (op.type === "creating") foreign++;
      steps.push({ urn: op.resource.urn, action: "keep", why: `pending ${op.type} of a resource pulumi-mailgun does not manage` });
      continue;
    }
    if (op.type !== "creating") {
      steps.push({ urn: op.resource.urn, action: "clear", why: `interrupted while ${op.type}: the resource is still in the state, and refresh reads it again` });
      continue;
    }
    const inputs = op.resource.inputs ?? {};
    const id = derivableId(kind, inputs);
    const replacing = id ? replacedBy(resources, op.resource.urn, id, inputs) : -1;
    if (id && replacing >= 0) {
      // A replacement under way (the engine makes the new object before deleting the old): the
      // entry the engine would have written had the create answered. The old one stays, marked
      // for deletion as the engine marks it, and the next `pulumi up` deletes it.
      resources.splice(replacing, 1, { ...resources[replacing], delete: true }, { ...op.resource, id, outputs: { ...inputs } });
      steps.push({ urn: op.resource.urn, action: "import", id, why: "a replacement under way: the new object recorded with its Mailgun id (refresh reads it, or drops it if the create never happened), the old one marked for deletion, which the next pulumi up makes" });
    } else if (id && !recorded.has(op.resource.urn)) {
      // Outputs start as the inputs: they carry what the read needs (region, name, the serialized
      // provider); the refresh that follows replaces them with what Mailgun holds, or drops the
      // resource if the create never reached Mailgun.
      resources.push({ ...op.resource, id, outputs: { ...inputs } });
      recorded.add(op.resource.urn);
      steps.push({ urn: op.resource.urn, action: "import", id, why: "recorded with its Mailgun id; refresh reads it, or drops it if the create never happened" });
    } else {
      steps.push({ urn: op.resource.urn, action: "clear", why: TAKEN_OVER[kind as ResourceKind] ?? "its next create makes it again" });
    }
  }
  const edited: Deployment = { ...deployment, resources };
  if (pending.length) edited.pending_operations = pending;
  else delete edited.pending_operations;
  const ops = deployment.pending_operations ?? [];
  const resume = ops.length > 0 && ops.every((op) => op.type === "deleting") ? "destroy" : "up";
  return { deployment: edited, steps, foreign, resume };
}
