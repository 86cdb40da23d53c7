/**
 * Per-domain settings with their own legacy v3 endpoints: tracking, connection (TLS),
 * DKIM authority and selector, and web prefix. Each change goes through `mutateDomain`, so it gets the same consistency rules.
 */
import { BadRequest } from "../errors";
import { ClickActive, DomainRecord, Tracking } from "../store";
import { Ctx } from "./context";
import { assertAtom, dkimSigner, mutateDomain, readDomain, writableDomain } from "./domains";

export function tracking(ctx: Ctx, name: string): { tracking: Tracking; web_scheme: string } {
  const d = readDomain(ctx, name);
  return { tracking: d.tracking, web_scheme: d.web_scheme };
}

export function updateOpenTracking(ctx: Ctx, name: string, change: { active?: boolean; place_at_the_top?: boolean }): Tracking["open"] {
  return mutateDomain(ctx, name, (d) => {
    if (change.active !== undefined) d.tracking.open.active = change.active;
    if (change.place_at_the_top !== undefined) d.tracking.open.place_at_the_top = change.place_at_the_top;
  }).tracking.open;
}

export function updateClickTracking(ctx: Ctx, name: string, active: ClickActive | undefined): Tracking["click"] {
  return mutateDomain(ctx, name, (d) => {
    if (active !== undefined) d.tracking.click.active = active;
  }).tracking.click;
}

export function updateUnsubscribeTracking(
  ctx: Ctx, name: string, change: { active?: boolean; html_footer?: string; text_footer?: string },
): Tracking["unsubscribe"] {
  return mutateDomain(ctx, name, (d) => {
    const u = d.tracking.unsubscribe;
    if (change.active !== undefined) u.active = change.active;
    if (change.html_footer !== undefined) u.html_footer = change.html_footer;
    if (change.text_footer !== undefined) u.text_footer = change.text_footer;
  }).tracking.unsubscribe;
}

export function connection(ctx: Ctx, name: string): { require_tls: boolean; skip_verification: boolean } {
  const d = readDomain(ctx, name);
  return { require_tls: d.require_tls, skip_verification: d.skip_verification };
}

export function updateConnection(ctx: Ctx, name: string, change: { require_tls?: boolean; skip_verification?: boolean }) {
  const d = mutateDomain(ctx, name, (next) => {
    if (change.require_tls !== undefined) next.require_tls = change.require_tls;
    if (change.skip_verification !== undefined) next.skip_verification = change.skip_verification;
  });
  return { require_tls: d.require_tls, skip_verification: d.skip_verification };
}

/**
 * Stores `self` and tells whether the domain's DKIM authority moved. `changed` compares the
 * authority, not the flag: the recorded `self=true` on a fresh domain with no registered root
 * (domains.yml, Feb 2025) answered "has not been changed" although that domain had not been
 * created with `force_dkim_authority`.
 */
export function setDkimAuthority(
  ctx: Ctx, name: string, self: boolean,
): { domain: DomainRecord; signer: DomainRecord; changed: boolean } {
  const before = dkimSigner(ctx, readDomain(ctx, name)).name;
  const domain = mutateDomain(ctx, name, (d) => { d.dkim.self_authority = self; });
  // From the new value itself: readers may still see the old version during a consistency delay.
  const signer = dkimSigner(ctx, domain);
  return { domain, signer, changed: before !== signer.name };
}

/** Renames the domain's own key; the new selector must not be another key's (api-notes §2.8; the wording is ours). */
export function setDkimSelector(ctx: Ctx, name: string, selector: string): void {
  assertAtom("dkim_selector", selector);
  const current = writableDomain(ctx, name).value.dkim;
  if (selector !== current.selector && current.keys.some((k) => k.selector === selector)) {
    throw new BadRequest(`failed to update DKIM selector: the domain already has a key with selector '${selector}'`);
  }
  mutateDomain(ctx, name, (d) => {
    for (const k of d.dkim.keys) if (k.selector === d.dkim.selector) k.selector = selector;
    d.dkim.selector = selector;
  });
}

export function setWebPrefix(ctx: Ctx, name: string, prefix: string): void {
  assertAtom("web_prefix", prefix);
  mutateDomain(ctx, name, (d) => { d.web_prefix = prefix; });
}
