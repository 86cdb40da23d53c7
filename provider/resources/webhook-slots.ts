import type { Region } from "../config";
import { runWide } from "../run-state";

/** Mailgun's limit: at most this many URLs per event of a domain. */
export const MAX_URLS_PER_EVENT = 3;

interface Declared {
  region: Region;
  domain: string;
  url: string;
  events: readonly string[];
}

/**
 * The URLs each Webhook of this run subscribes, by region, domain and event. The provider
 * process checks every resource of a run, so a program that puts more than 3 URLs on one
 * event is refused at preview, before any call, naming the resources involved.
 */
const subscribers = runWide(new Map<string, Map<string, string>>());

function eventKey(d: Declared, event: string): string {
  return `${d.region}|${d.domain}|${event}`;
}

/** Origin only: a webhook URL's path or query can carry a token (the URL may be a Pulumi secret). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === "/" && !u.search ? "" : "/…"}`;
  } catch {
    return "(a URL)";
  }
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/**
 * Records the Webhook's subscriptions; returns the reason to refuse it when an event would
 * carry more URLs than Mailgun allows, or the same URL twice. `name` is the resource's logical
 * name (undefined from programs built with an older SDK: the URL then stands in for it).
 */
export function declareSubscription(d: Declared, name: string | undefined): string | undefined {
  const self = name ?? describeUrl(d.url);
  for (const event of d.events) {
    const urls = subscribers.get(eventKey(d, event)) ?? new Map<string, string>();
    subscribers.set(eventKey(d, event), urls);
    // A resource checked again (preview, then update) replaces its own earlier record.
    for (const [url, owner] of urls) if (owner === self && url !== d.url) urls.delete(url);
    const holder = urls.get(d.url);
    if (holder !== undefined && holder !== self) {
      return `Webhooks ${quoted([holder, self])} both subscribe the same URL to "${event}" on ${d.domain}; each would undo the other's events. Declare the URL once, with all its events in one Webhook.`;
    }
    urls.set(d.url, self);
    if (urls.size > MAX_URLS_PER_EVENT) {
      const others = [...urls.values()].filter((n) => n !== self);
      urls.delete(d.url);
      return (
        `"${event}" on ${d.domain} would get ${others.length + 1} URLs in region ${d.region}: Webhooks ${quoted(others)} and this one ("${self}") subscribe to it, ` +
        `and Mailgun allows at most ${MAX_URLS_PER_EVENT} URLs per event. Drop "${event}" from one of them, or send it to one URL that fans out.`
      );
    }
  }
  return undefined;
}
