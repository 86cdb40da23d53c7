/**
 * The control API under `/_emulator/` (contract: docs/emulator-control-api.md): knobs, reset, the
 * request log, a state dump and simulated DNS. No auth, no knobs, not logged.
 * The state dump is the supported way for tests to inspect what exists; its shape may grow.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { MailgunError } from "./errors";
import { mergeKnobs, KnobsPatch } from "./knobs";
import { receivingRecords, sendingRecords } from "./models/dns";
import { dkimAuthority } from "./models/dkim-authority";
import { setDnsFound } from "./models/domains";
import { RequestLog } from "./request-log";
import { sendError } from "./routes/respond";
import { domainObject, routeObject, trackingObject } from "./routes/views";
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
    })),
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
    app.post("/_emulator/dns/:domain", (req, reply) => guard(reply, () => {
      const body = (req.body ?? {}) as { valid?: unknown };
      const valid = body.valid === undefined ? true : body.valid === true;
      setDnsFound(world, (req.params as { domain: string }).domain, valid);
      return { message: `DNS records of ${(req.params as { domain: string }).domain} marked ${valid ? "found" : "missing"}` };
    }));
  };
}
