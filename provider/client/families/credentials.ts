/** A domain's SMTP credentials (`/v3/domains/{domain}/credentials`). */
import type { Region } from "../../config";
import { get, ignoreNotFound, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import { allPages, skipLimit } from "../paging";
import type { CallOptions } from "../request-loop";
import { type Credential, CredentialListSchema, CredentialWriteSchema, IgnoredBodySchema } from "../schemas";

/** Mailgun's largest page for the credential listing (skip/limit). */
const PAGE = 1000;

/** What a credential create or password change tells: the password, when Mailgun generated it. */
export interface CredentialWrite {
  generatedPassword?: string;
}

function writtenCredential(generated: Record<string, string> | undefined): CredentialWrite {
  const password = Object.values(generated ?? {})[0];
  return password === undefined ? {} : { generatedPassword: password };
}

const WrittenSchema = CredentialWriteSchema.transform((r) => writtenCredential(r.credentials));

export class CredentialCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every page. */
  list(region: Region, domain: string, o?: CallOptions): Promise<Credential[]> {
    return allPages(skipLimit<Credential>(PAGE), async (page) => (await get(this.core, region, path`/v3/domains/${domain}/credentials`, CredentialListSchema, o, page)).items);
  }

  /**
   * POST; without `password` Mailgun generates one, returned here (the only time it is shown).
   * After an ambiguous failure the default `recover` takes an existing login for the earlier
   * attempt's; pass a stricter one when that matters (the generated password is then unknown).
   */
  create(region: Region, domain: string, login: string, password: string | undefined, o: RecoverOptions<CredentialWrite> = {}): Promise<CredentialWrite> {
    const full = login.includes("@") ? login : `${login}@${domain}`;
    return this.core.request<CredentialWrite>({
      ...o,
      region,
      method: "POST",
      path: path`/v3/domains/${domain}/credentials`,
      form: { login, password },
      schema: WrittenSchema,
      recover: o.recover ?? (async () => ((await this.list(region, domain)).some((c) => c.login === full) ? {} : undefined)),
    });
  }

  /** PUT; without `password` Mailgun generates a new one, returned here. Mailgun refuses (400) a password equal to the current one. */
  changePassword(region: Region, domain: string, login: string, password: string | undefined, o?: CallOptions): Promise<CredentialWrite> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v3/domains/${domain}/credentials/${login}`, form: { password }, schema: WrittenSchema });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, domain: string, login: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${domain}/credentials/${login}`, schema: IgnoredBodySchema }));
  }
}
