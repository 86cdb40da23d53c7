/**
 * Request input as Mailgun reads it: form fields from urlencoded or multipart bodies (both
 * accepted on every write, api-notes §1.3), merged with the query string for every method
 * (mailgun.js sends some PUT parameters in the query), repeated fields kept in order, and
 * booleans spelled true/false/yes/no.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { InvalidParameter, MissingParameter } from "./errors";

export type Pairs = Array<[string, string]>;

export class Params {
  constructor(private readonly pairs: Pairs) {}

  has(name: string): boolean {
    return this.pairs.some(([k]) => k === name);
  }

  /** The last value given for `name` (a body field overrides the query string). */
  get(name: string): string | undefined {
    for (let i = this.pairs.length - 1; i >= 0; i--) if (this.pairs[i][0] === name) return this.pairs[i][1];
    return undefined;
  }

  all(name: string): string[] {
    return this.pairs.filter(([k]) => k === name).map(([, v]) => v);
  }

  required(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === "") throw new MissingParameter(name);
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    const parsed = parseBool(value);
    if (parsed === undefined) throw new InvalidParameter(name, value, "true, false, yes or no");
    return parsed;
  }

  int(name: string): number | undefined {
    const value = this.get(name);
    if (value === undefined || value === "") return undefined;
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidParameter(name, value, "an integer");
    return Number.parseInt(value, 10);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidParameter(name, value, `one of ${allowed.join(", ")}`);
    }
    return value as T;
  }
}

export function parseBool(value: string): boolean | undefined {
  switch (value.trim().toLowerCase()) {
    case "true": case "yes": return true;
    case "false": case "no": return false;
    default: return undefined;
  }
}

function queryPairs(rawUrl: string | undefined): Pairs {
  const q = (rawUrl ?? "").indexOf("?");
  return q < 0 ? [] : [...new URLSearchParams(rawUrl!.slice(q + 1))];
}

function bodyPairs(body: unknown): Pairs {
  if (Array.isArray(body)) return body as Pairs;
  if (body && typeof body === "object") {
    // JSON bodies are not what Mailgun's management API takes, but tolerate them as fields.
    return Object.entries(body).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((item): [string, string] => [k, typeof item === "string" ? item : JSON.stringify(item)]));
  }
  return [];
}

export function paramsOf(request: FastifyRequest): Params {
  return new Params([...queryPairs(request.raw.url), ...bodyPairs(request.body)]);
}

export function queryRecord(rawUrl: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of queryPairs(rawUrl)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Body parsers producing `Pairs`: the Fetch API's FormData parser handles both form encodings. */
export function registerFormParsers(app: FastifyInstance): void {
  const parseForm = async (request: FastifyRequest, body: Buffer): Promise<Pairs> => {
    if (body.length === 0) return [];
    const contentType = String(request.headers["content-type"]);
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
    const pairs: Pairs = [];
    for (const [key, value] of form) pairs.push([key, typeof value === "string" ? value : await value.text()]);
    return pairs;
  };
  app.addContentTypeParser(["application/x-www-form-urlencoded", "multipart/form-data"], { parseAs: "buffer" },
    async (request: FastifyRequest, body: Buffer) => {
      try {
        return await parseForm(request, body);
      } catch {
        throw Object.assign(new Error("malformed form body"), { statusCode: 400 });
      }
    });
  // Bodies of other types carry no fields Mailgun would read; ignore them rather than answer 415.
  app.addContentTypeParser("*", { parseAs: "buffer" }, async () => []);
}
