/** A small HTTP client for the emulator: form bodies (urlencoded or multipart), Basic auth, parsed answers. */
export type Fields = Record<string, string | string[] | number | boolean | undefined> | Array<[string, string]>;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface CallOptions {
  form?: Fields;
  multipart?: boolean;
  query?: Fields;
  /** Override the API key; `null` sends no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

function pairs(fields: Fields): Array<[string, string]> {
  if (Array.isArray(fields)) return fields;
  return Object.entries(fields).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((item): [string, string] => [k, String(item)]));
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`api:${key}`).toString("base64")}`;
}

export class Api {
  constructor(readonly baseUrl: string, readonly key: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of pairs(options.query ?? {})) url.searchParams.append(k, v);
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? this.key : options.key;
    if (key !== null) headers.authorization = basicAuth(key);
    let body: FormData | string | undefined;
    if (options.form) {
      if (options.multipart) {
        const form = new FormData();
        for (const [k, v] of pairs(options.form)) form.append(k, v);
        body = form;
      } else {
        body = new URLSearchParams(pairs(options.form)).toString();
        headers["content-type"] = "application/x-www-form-urlencoded";
      }
    }
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  get(path: string, options?: CallOptions) { return this.call("GET", path, options); }
  post(path: string, form?: Fields, options: CallOptions = {}) { return this.call("POST", path, { ...options, form }); }
  put(path: string, form?: Fields, options: CallOptions = {}) { return this.call("PUT", path, { ...options, form }); }
  delete(path: string, options?: CallOptions) { return this.call("DELETE", path, options); }
}

/** The control API (no auth, JSON). */
export class Control {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, json?: unknown): Promise<any> {
    const res = await fetch(new URL(`/_emulator/${path}`, this.baseUrl), {
      method,
      headers: json === undefined ? {} : { "content-type": "application/json" },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const body = await res.json();
    if (!res.ok) throw Object.assign(new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(body)}`), { status: res.status, body });
    return body;
  }

  knobs(patch?: unknown) { return patch === undefined ? this.call("GET", "knobs") : this.call("PUT", "knobs", patch); }
  state() { return this.call("GET", "state"); }
  requests() { return this.call("GET", "requests").then((b) => b.requests as any[]); }
  clearRequests() { return this.call("DELETE", "requests"); }
  reset(keepKnobs = false) { return this.call("POST", `reset${keepKnobs ? "?keepKnobs=true" : ""}`); }
  dns(domain: string, valid = true) { return this.call("POST", `dns/${domain}`, { valid }); }
}
