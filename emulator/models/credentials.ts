/**
 * SMTP credentials of a domain (region-bound with their domain). Passwords are write-only:
 * Mailgun shows a password once, and only when it generated it (api-notes §6).
 */
import {
  BadRequest, CredentialsExist, CredentialsLimit, CredentialsNotFound, LoginMissing, SamePassword, SystemMailbox,
} from "../errors";
import { rfc2822, secret } from "../formats";
import { childMap, CredentialRecord } from "../store";
import { fresh, observe, replace, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { assertSmtpPassword, readDomain, writableDomain } from "./domains";

/** `{login}` may be the local part or the full address; responses always use the full address. */
export function fullLogin(login: string, domain: string): string {
  const at = login.lastIndexOf("@");
  if (at < 0) return `${login}@${domain}`.toLowerCase();
  if (login.slice(at + 1).toLowerCase() !== domain) {
    throw new BadRequest(`Login ${login} does not belong to domain ${domain}`);
  }
  return login.toLowerCase();
}


export interface CreatedCredentials {
  /** Logins whose password Mailgun generated, with that password. */
  generated: Record<string, string>;
  count: number;
}

export function createCredentials(ctx: Ctx, domainName: string, logins: string[], passwords: string[]): CreatedCredentials {
  const domain = writableDomain(ctx, domainName).value.name;
  if (logins.length === 0 || logins.some((l) => l === "")) throw new LoginMissing();
  const store = childMap(ctx.store.credentials, domain);
  const planned = logins.map((login, i) => {
    const full = fullLogin(login, domain);
    const given = passwords[i];
    if (given !== undefined) assertSmtpPassword(given);
    if (store.has(full)) throw new CredentialsExist(full);
    return { full, given };
  });
  const generated: Record<string, string> = {};
  for (const { full, given } of planned) {
    const password = given ?? secret();
    if (given === undefined) generated[full] = password;
    store.set(full, fresh({ login: full, password, created_at: rfc2822(ctx.now), system: false }, ctx.now, consistencyDelay(ctx)));
  }
  ctx.world.changed();
  return { generated, count: planned.length };
}

function findWritable(ctx: Ctx, domainName: string, login: string): Versioned<CredentialRecord> {
  const domain = writableDomain(ctx, domainName).value.name;
  const entry = ctx.store.credentials.get(domain)?.get(fullLogin(login, domain));
  if (!entry || !observe(entry, ctx.now)) throw new CredentialsNotFound();
  return entry;
}

/** Returns the generated password when none was given. */
export function changePassword(ctx: Ctx, domainName: string, login: string, password: string | undefined): { login: string; generated?: string } {
  const entry = findWritable(ctx, domainName, login);
  if (password !== undefined) {
    assertSmtpPassword(password);
    if (password === entry.value.password) throw new SamePassword();
  }
  const next = password ?? secret();
  replace(entry, { ...entry.value, password: next }, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return { login: entry.value.login, ...(password === undefined ? { generated: next } : {}) };
}

export function deleteCredential(ctx: Ctx, domainName: string, login: string): string {
  const entry = findWritable(ctx, domainName, login);
  if (entry.value.system) throw new SystemMailbox(entry.value.login);
  ctx.store.credentials.get(writableDomain(ctx, domainName).value.name)!.delete(entry.value.login);
  ctx.world.changed();
  return entry.value.login;
}

export function deleteAllCredentials(ctx: Ctx, domainName: string): number {
  const domain = writableDomain(ctx, domainName).value.name;
  const store = ctx.store.credentials.get(domain);
  let count = 0;
  for (const [login, entry] of store ?? []) {
    if (entry.value.system) continue;
    store!.delete(login);
    count++;
  }
  if (count > 0) ctx.world.changed();
  return count;
}

export function listCredentials(ctx: Ctx, domainName: string, skip: number, limit: number): CredentialRecord[] {
  if (limit > 1000) throw new CredentialsLimit();
  const domain = readDomain(ctx, domainName).name;
  const visible: CredentialRecord[] = [];
  for (const entry of ctx.store.credentials.get(domain)?.values() ?? []) {
    const seen = observe(entry, ctx.now);
    if (seen) visible.push(seen);
  }
  return visible.slice(skip, skip + limit);
}
