/**
 * The Domain resource: the handler. Its inputs and outputs are in domain-inputs.ts, reading and
 * converging its settings in domain-settings.ts, and what a taken name means in domain-name.ts.
 */
import type { DomainWithRecords } from "../client/schemas";
import type { CreateDomainParams } from "../client/params";
import { client } from "../runtime";
import { dnsDigest } from "./dns";
import { diffFields, toDiffResult } from "./diff";
import { readAfterWrite } from "./freshness";
import { PartialCreateError, Props, ResourceHandler, asProps, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { sensitiveFields } from "./fields/define";
import { domainFields } from "./fields/domain";
import { declaredInDomain } from "./ownership";
import { whileNoWebhookWrites } from "./webhook";
import { rotationFailures } from "./dkim-rotation";
import { applyRotation } from "./dkim-rotation-calls";
import { ensureEmpty, forceDestroyFor, noteReplacement } from "./contents";
import { domainContents } from "./domain-contents";
import { type DomainInputs, type DomainOutputs, domainInputs, FIELDS, inputKeysOf, REPLACES } from "./domain-inputs";
import { deletedHere, explainCreateFailure, waitUntilGone } from "./domain-name";
import { applyTracking, converge, fromLive, NEW_DOMAIN_TRACKING, published, readDomain, type Written } from "./domain-settings";

export { domainInputs, type DomainInputs, type DomainOutputs } from "./domain-inputs";

function createParams(i: DomainInputs): CreateDomainParams {
  return {
    name: i.name,
    smtp_password: i.smtpPassword,
    spam_action: i.spamAction,
    wildcard: i.wildcard,
    force_dkim_authority: i.forceDkimAuthority,
    dkim_key_size: i.dkimKeySize,
    dkim_selector: i.dkimSelector,
    web_scheme: i.webScheme,
    web_prefix: i.webPrefix,
    require_tls: i.requireTls,
    skip_verification: i.skipVerification,
    use_automatic_sender_security: i.useAutomaticSenderSecurity,
  };
}

export const domainHandler: ResourceHandler<DomainInputs, DomainOutputs> = {
  async check(_olds, news) {
    const result = checkRegional(domainInputs, news, "Domain", { sensitive: sensitiveFields(domainFields) });
    const failures = [...(result.failures ?? []), ...rotationFailures(news)];
    return failures.length ? { failures } : result;
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(olds as unknown as Props, news as unknown as Props, FIELDS, REPLACES);
    // A key size Mailgun did not let us read back is not evidence of a change.
    const effectiveReplaces = replaces.filter((f) => !(f === "dkimKeySize" && olds.dkimKeySize === undefined));
    const effectiveChanged = changed.filter((f) => !(f === "dkimKeySize" && olds.dkimKeySize === undefined));
    // dkimRotation left out of the program: Mailgun keeps the setting; the update only stops reading it back.
    if (news.dkimRotation === undefined && olds.dkimRotation !== undefined) effectiveChanged.push("dkimRotation");
    // Mailgun now asks for other DNS records than the program was last given: an update hands them on.
    if (olds.dnsDigest !== undefined && olds.sendingDnsRecords && dnsDigest(olds.sendingDnsRecords, olds.receivingDnsRecords ?? [], olds.dkimSelector) !== olds.dnsDigest) {
      effectiveChanged.push("dnsRecords");
    }
    if (effectiveReplaces.length) noteReplacement("Domain", _id, news.forceDestroy);
    // The same name cannot exist twice, so a replacement that keeps it must delete first.
    return toDiffResult(effectiveChanged, effectiveReplaces, news.name === olds.name);
  },

  async create(inputs) {
    const r = inputs.region;
    const c = client();
    // Before adopt looks for the name too: the domain this process just deleted is not one to adopt.
    const deletedIn = deletedHere.get(inputs.name);
    if (deletedIn) {
      await waitUntilGone(deletedIn, inputs.name);
      deletedHere.delete(inputs.name);
    }
    if (inputs.adopt) {
      const existing = await readDomain(r, inputs.name);
      if (existing) {
        // DKIM authority cannot be read: assume Mailgun's default (false) and set it only when true is wanted.
        // Rotation is not read here: it is sent whenever the program sets it.
        const current = { ...fromLive(inputs, existing.live, existing.tracking), forceDkimAuthority: false, dkimRotation: undefined };
        const { live, written } = await converge(r, inputs.name, current, inputs);
        const outs = { ...fromLive(inputs, live ?? existing.live, existing.tracking, { ...written }), ...written };
        return { id: inputs.name, outs: published({ ...outs, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }) };
      }
    }
    let created: DomainWithRecords;
    try {
      created = await c.domains.create(r, createParams(inputs));
    } catch (e) {
      throw await explainCreateFailure(e, inputs);
    }
    const base = fromLive(inputs, created, undefined, { ...NEW_DOMAIN_TRACKING, forceDkimAuthority: inputs.forceDkimAuthority, smtpPassword: inputs.smtpPassword });
    // Not set until written: a failed attempt leaves it for the next up.
    delete base.dkimRotation;
    const written: Written = {};
    try {
      Object.assign(written, await applyTracking(r, inputs.name, { ...NEW_DOMAIN_TRACKING }, inputs, true));
      const rotation = await applyRotation(r, inputs.name, undefined, inputs.dkimRotation, { expectExists: true });
      if (rotation) written.dkimRotation = rotation;
      return { id: inputs.name, outs: published({ ...base, ...written, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }) };
    } catch (e) {
      throw new PartialCreateError(
        `domain ${inputs.name} was created in region ${r}, but setting its ${written.openTracking === undefined && written.clickTracking === undefined ? "tracking or DKIM rotation" : "DKIM rotation"} failed: ${(e as Error).message}. Run pulumi up again to finish.`,
        inputs.name,
        published({ ...base, ...written, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }),
      );
    }
  },

  async read(id, props) {
    const r = props.region;
    const name = props.name ?? id;
    const rotation = (props.inputKeys ? props.inputKeys.includes("dkimRotation") : props.dkimRotation !== undefined)
      ? { declared: props.dkimRotation, previous: props.dkimRotation }
      : undefined;
    const outsOf = (f: NonNullable<Awaited<ReturnType<typeof readDomain>>>) => {
      const o = fromLive(props, f.live, f.tracking, props);
      if (f.rotation !== undefined) o.dkimRotation = f.rotation;
      return o;
    };
    const showsWrite = (f: Awaited<ReturnType<typeof readDomain>>) =>
      f !== undefined && diffFields(asProps(outsOf(f)), props as unknown as Props, FIELDS, []).changed.length === 0;
    const found = await readAfterWrite(props.writtenAt, () => readDomain(r, name, props.writtenAt, rotation), showsWrite);
    if (!found) return {};
    const outs = outsOf(found);
    // Keep the digest of the records last handed to the program (stacks from before it existed: the records they hold).
    outs.dnsDigest = props.dnsDigest ?? dnsDigest(props.sendingDnsRecords ?? [], props.receivingDnsRecords ?? [], props.dkimSelector);
    const inputs = inputsFrom(outs, props.inputKeys ?? [...FIELDS, "adopt"]);
    return { id, props: outs, inputs: inputs as DomainInputs };
  },

  async update(_id, olds, news) {
    const r = news.region;
    const { live, written } = await converge(r, news.name, olds, news);
    const base = live ? fromLive(news, live, undefined, olds) : { ...olds, ...news };
    const outs: DomainOutputs = { ...base, ...written };
    for (const k of ["openTracking", "clickTracking", "unsubscribeTracking", "unsubscribeHtmlFooter", "unsubscribeTextFooter", "forceDkimAuthority", "adopt"] as const) {
      if (written[k] === undefined && asProps(olds)[k] !== undefined && asProps(news)[k] === undefined) asProps(outs)[k] = asProps(olds)[k];
    }
    if (news.smtpPassword === undefined && olds.smtpPassword !== undefined) outs.smtpPassword = olds.smtpPassword;
    if (news.adopt === undefined) delete outs.adopt;
    if (news.forceDestroy === undefined) delete outs.forceDestroy;
    else outs.forceDestroy = news.forceDestroy;
    if (news.dkimRotation === undefined) delete outs.dkimRotation;
    return { outs: published({ ...outs, writtenAt: Date.now(), inputKeys: inputKeysOf(news) }) };
  },

  async delete(id, props) {
    const r = props.region;
    const name = props.name ?? id;
    // Mailgun deletes everything in the domain with it: never what resources of this run still
    // declare, nor what no resource of the stack manages (made by hand, recorded by Mailgun).
    if (!forceDestroyFor("Domain", id, props.forceDestroy)) {
      await ensureEmpty(
        { what: `domain ${name} in region ${r}`, contents: "objects", kind: "Domain", moveAdvice: "remove or move those objects (the resources declaring them, or by hand)" },
        declaredInDomain(name),
        () => domainContents(r, name),
      );
    }
    await whileNoWebhookWrites(r, name, () => client().domains.delete(r, name));
    deletedHere.set(name, r);
  },

  // A domain name is unique across regions.
  objectKey: (props, id) => props.name ?? id,
  // A read adds the tracking settings; a delete first lists the 8 tables Mailgun deletes with the domain.
  stepCalls: { read: 2, delete: 9 },
  describeObject: (props, id) => `domain ${props.name ?? id}`,
  keyFields: ["name"],
};
