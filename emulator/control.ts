/**
 * The control API under `/_emulator/` (contract: docs/emulator-control-api.md): knobs, reset, the
 * request log, a state dump and simulated DNS. No auth, no knobs, not logged.
 * The state dump is the supported way for tests to inspect what exists; its shape may grow.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { BadRequest, MailgunError } from "./errors";
import { mergeKnobs, KnobsPatch } from "./knobs";
import { DNS_PURPOSES, DnsPurpose, receivingRecords, sendingRecords } from "./models/dns";
import { dkimAuthority } from "./models/dkim-authority";
import { setDnsFound } from "./models/domains";
import { RequestLog } from "./request-log";
import { sendError } from "./routes/respond";
import { accountWebhookObject, domainObject, routeObject, trackingObject } from "./routes/views";
import { setKeyDisabled } from "./models/keys";
import { resetSubaccounts } from "./models/subaccounts";
import { Region, World } from "./store";

function regionDump(world: World, region: Region) {
  const store = world.regions[region];
  const live = [...store.domains.values()].map((e) => e.value).filter((d) => !store.deleting.has(d.name));
  const lookup = (name: string) => (store.deleting.has(name) ? undefined : store.domains.get(name)?.value);
  const nested = <T, R>(map: Map<string, Map<string, { value: T }>>, f: (k: string, v: T) => R) =>
    Object.fromEntries([...map].filter(([, inner]) => inner.size > 0)
      .map(([domain, inner]) => [domain, Object.fromEntries([...inner].map(([k, e]) => [k, f(k, e.value)]))]));
  return {
    domains: live.map((d) => ({ d, signer: dkimAuthority(d, lookup) })).map(({ d, signer }) => ({
      ...domainObject(d),
      tracking: trackingObject(d),
      dkim_selector: d.dkim.selector,
      dkim_key_size: d.dkim.keys.find((k) => k.selector === d.dkim.selector)?.key_size,
      dkim_keys: d.dkim.keys.map((k) => ({ selector: k.selector, key_size: k.key_size, active: k.active })),
      ...(d.dkim_rotation ? { dkim_rotation: d.dkim_rotation } : {}),
      // Named like the create parameter; `PUT .../dkim_authority` changes it too.
      force_dkim_authority: d.dkim.self_authority,
      dkim_authority: signer.name,
      sending_dns_records: sendingRecords(d, region, false, signer),
      receiving_dns_records: receivingRecords(d, region),
    })),
    routes: [...store.routes.values()].map((e) => routeObject(e.value)),
    webhooks: nested(store.webhooks, (_event, urls: string[]) => [...urls]),
    credentials: Object.fromEntries([...store.credentials].filter(([, inner]) => inner.size > 0)
      .map(([domain, inner]) => [domain, [...inner.keys()]])),
    pendingDomainDeletes: [...store.deleting.keys()],
    accountWebhooks: [...store.accountWebhooks.values()].map((e) => accountWebhookObject(e.value)),
    // "<kind>:<domain>" -> entries as Mailgun shows them.
    suppressions: Object.fromEntries([...store.suppressions].filter(([, inner]) => inner.size > 0)
      .map(([table, inner]) => [table, [...inner.values()].map((e) => ({ ...e.value }))])),
    // Lists with their members, as stored; members_count counted as GET /v3/lists shows it.
    lists: [...store.lists].map(([address, e]) => {
      const members = [...(store.listMembers.get(address)?.values() ?? [])].map((m) => ({ ...m.value, vars: structuredClone(m.value.vars) }));
      return { ...e.value, members_count: members.length, members };
    }),
    // domain -> templates with every version (content included), as stored.
    templates: Object.fromEntries([...store.templates].filter(([, inner]) => inner.size > 0)
      .map(([domain, inner]) => [domain, [...inner.values()].map((e) => structuredClone(e.value))])),
  };
}

export function stateDump(world: World) {
  world.purgeExpiredDeletes(Date.now());
  return {
    us: regionDump(world, "us"),
    eu: regionDump(world, "eu"),
    keys: [...world.keys.values()].map(({ value: k }) => ({
      id: k.id, kind: k.kind, role: k.role, domain_name: k.domain_name, description: k.description,
      created_at: k.created_at, expires_at: k.expires_at, is_disabled: k.is_disabled, primary: k.primary,
      ...(k.disabled_reason ? { disabled_reason: k.disabled_reason } : {}),
    })),
    ipAllowlist: [...world.ipAllowlist.values()].map(({ value }) => ({ ...value })),
  };
}

function guard(reply: FastifyReply, run: () => unknown) {
  try {
    return reply.type("application/json; charset=utf-8").send(JSON.stringify(run()));
  } catch (error) {
    if (error instanceof MailgunError) return sendError(reply, error);
    throw error;
  }
}

export function controlRoutes(world: World, log: RequestLog) {
  return async (app: FastifyInstance) => {
    app.get("/_emulator/knobs", (_req, reply) => guard(reply, () => world.knobs));
    app.put("/_emulator/knobs", (req, reply) => guard(reply, () => {
      world.setKnobs(mergeKnobs(world.knobs, (req.body ?? {}) as KnobsPatch));
      return world.knobs;
    }));
    app.post("/_emulator/reset", (req, reply) => guard(reply, () => {
      const keepKnobs = new URL(req.url, "http://x").searchParams.get("keepKnobs") === "true";
      resetSubaccounts(world);
      world.reset(keepKnobs);
      log.clear();
      return { message: "reset", knobs: world.knobs };
    }));
    app.get("/_emulator/requests", (_req, reply) => guard(reply, () => ({ requests: log.list() })));
    app.delete("/_emulator/requests", (_req, reply) => guard(reply, () => {
      log.clear();
      return { requests: [] };
    }));
    app.get("/_emulator/state", (_req, reply) => guard(reply, () => stateDump(world)));
    // Mailgun's API cannot disable a key; the dashboard (or Mailgun itself) can.
    app.put("/_emulator/keys/:id", (req, reply) => guard(reply, () => {
      const body = (req.body ?? {}) as { is_disabled?: unknown; disabled_reason?: unknown };
      const key = setKeyDisabled(world, (req.params as { id: string }).id, body.is_disabled !== false, typeof body.disabled_reason === "string" ? body.disabled_reason : null);
      return { id: key.id, is_disabled: key.is_disabled, disabled_reason: key.disabled_reason ?? null };
    }));
    app.post("/_emulator/dns/:domain", (req, reply) => guard(reply, () => {
      const body = (req.body ?? {}) as { valid?: unknown; records?: unknown };
      const valid = body.valid === undefined ? true : body.valid === true;
      const records = body.records;
      if (records !== undefined && (!Array.isArray(records) || !records.every((r) => (DNS_PURPOSES as readonly unknown[]).includes(r)))) {
        throw new BadRequest(`records must be a list of ${DNS_PURPOSES.join(", ")}`);
      }
      const domain = (req.params as { domain: string }).domain;
      setDnsFound(world, domain, valid, records as DnsPurpose[] | undefined);
      return { message: `DNS records of ${domain}${records ? ` (${records.join(", ")})` : ""} marked ${valid ? "found" : "missing"}` };
    }));
  };
}
