import { startEmulator, type EmulatorOptions, type Knobs, type RunningEmulator, type StateDump, type RequestLogEntry } from "../emulator";

export type { RunningEmulator, StateDump, RequestLogEntry };

/** A Mailgun emulator on free loopback ports, plus typed access to its control API. */
export class TestEmulator {
  private constructor(readonly running: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestEmulator> {
    return new TestEmulator(await startEmulator(options));
  }

  /** Wraps an emulator running elsewhere (another process): everything here already goes over HTTP. */
  static connect(running: RunningEmulator): TestEmulator {
    return new TestEmulator(running);
  }

  get urls() {
    return this.running.urls;
  }
  get apiKey() {
    return this.running.apiKey;
  }

  private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.running.urls.us}/_emulator/${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The emulator's state dump (StateDump), loosely typed so tests can reach into Mailgun's JSON shapes. */
  state(): Promise<any> {
    return this.control<StateDump>("GET", "state");
  }
  async requests(): Promise<RequestLogEntry[]> {
    return (await this.control<{ requests: RequestLogEntry[] }>("GET", "requests")).requests;
  }
  clearRequests(): Promise<void> {
    return this.control("DELETE", "requests");
  }
  setKnobs(knobs: Partial<Knobs>): Promise<Knobs> {
    return this.control("PUT", "knobs", knobs);
  }
  reset(): Promise<void> {
    return this.control("POST", "reset");
  }
  /** Simulated DNS: marks the domain's records (all, or only `records`: spf, dkim, tracking, mx) as published or not. */
  dns(domain: string, valid: boolean, records?: Array<"spf" | "dkim" | "tracking" | "mx">): Promise<void> {
    return this.control("POST", `dns/${domain}`, { valid, ...(records ? { records } : {}) });
  }

  /** What the dashboard (or Mailgun itself) does and Mailgun's API cannot: disables an API key. */
  disableKey(id: string, reason = "disabled in the dashboard"): Promise<void> {
    return this.control("PUT", `keys/${encodeURIComponent(id)}`, { is_disabled: true, disabled_reason: reason });
  }

  /**
   * Calls the real Mailgun API of the emulator with the account key, as a person in the dashboard
   * would; on behalf of a subaccount when `onBehalfOf` is given (header X-Mailgun-On-Behalf-Of).
   */
  async api(region: "us" | "eu", method: string, path: string, form?: Record<string, string | string[]>, onBehalfOf?: string): Promise<any> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form ?? {})) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`api:${this.apiKey}`).toString("base64")}` };
    if (onBehalfOf) headers["x-mailgun-on-behalf-of"] = onBehalfOf;
    const res = await fetch(`${this.running.urls[region]}${path}`, { method, headers, body: form ? body : undefined });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  close(): Promise<void> {
    return this.running.close();
  }
}

/** Counts what the emulator holds per region: the "nothing left behind" check. */
export async function objectCounts(emulator: TestEmulator) {
  const s = await emulator.state();
  const count = (r: "us" | "eu") => ({
    domains: s[r].domains.length,
    routes: s[r].routes.length,
    webhookUrls: Object.values(s[r].webhooks as Record<string, Record<string, string[]>>).reduce((n, events) => n + Object.values(events).reduce((m, urls) => m + urls.length, 0), 0),
  });
  return { us: count("us"), eu: count("eu"), keys: s.keys.filter((k: { primary: boolean }) => !k.primary).length };
}
