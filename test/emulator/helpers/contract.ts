/**
 * Validates emulator responses against Mailgun's OpenAPI 3.1 document (JSON Schema 2020-12,
 * via ajv), with the overrides below where real captures (recordings/*.yml) disagree with
 * the document. Each override says why; the recordings win.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { loadSpec } from "./reference";

export interface Exchange {
  region: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

const S = (name: string) => ({ $ref: `mailgun#/components/schemas/${name}` });
const MESSAGE_ONLY = { type: "object", required: ["message"], properties: { message: { type: "string" } } };
const REASON_ONLY = { type: "object", required: ["Reason"], properties: { Reason: { type: "string" } } };

/** Component schemas replaced before validation, with the evidence. */
export const SCHEMA_OVERRIDES: Record<string, { schema: object; why: string }> = {
  "github.com-mailgun-scaffold-httpapi-GenericAPIError": {
    schema: MESSAGE_ONLY,
    why: "The spec requires a `Reason` key, but every captured 4xx of these families carries `message` "
      + "(domains.todo.yml, exceptions-*.yml), and the spec's own POST /v4/domains 400 example uses `message`.",
  },
  "github.com-mailgun-domains-httpapi-clickSettings": {
    schema: {
      type: "object", required: ["active"],
      properties: { active: { anyOf: [{ type: "boolean" }, { const: "htmlonly" }] } },
    },
    why: "Click tracking accepts `htmlonly` and echoes it as a string (mailgun-php model fixtures, api-notes §2.7); "
      + "the spec types `active` as boolean only.",
  },
  "github.com-mailgun-domains-httpapi-UpdateDomainKeyResp": {
    schema: MESSAGE_ONLY,
    why: "domains.yml (Feb 2025) records activate/deactivate answering only `{\"message\": ...}`; "
      + "the spec also requires authority, selector and active.",
  },
  ...suppressionModels(),
};

/**
 * The suppression models type their timestamp as an object (`RFC822Time`); every capture shows
 * a string such as `Sun, 26 Jan 2025 07:29:04 UTC` (mailgun-ruby bounces.yml, unsubscribes.yml,
 * complaints.yml), as do the spec's own examples. Otherwise the models stand as the spec has them.
 */
function suppressionModels(): Record<string, { schema: object; why: string }> {
  const why = "created_at/createdAt is a string on the wire (mailgun-ruby bounces.yml, unsubscribes.yml, complaints.yml; the spec's examples); the spec types it as an object.";
  const str = { type: "string" };
  const model = (required: string[], properties: Record<string, object>) => ({ schema: { type: "object", required, properties }, why });
  return {
    "github.com-mailgun-blackbook-model-Bounce": model(["address", "code", "error", "created_at"], { address: str, code: str, error: str, created_at: str }),
    "github.com-mailgun-blackbook-model-Unsubscribe": model(["address", "tags", "created_at"], { address: str, tags: { type: "array", items: str }, created_at: str }),
    "github.com-mailgun-blackbook-model-Complaint": model(["address", "created_at"], { address: str, created_at: str }),
    "github.com-mailgun-blackbook-model-Whitelist": model(["type", "value", "createdAt", "reason"], { type: { enum: ["address", "domain"] }, value: str, createdAt: str, reason: str }),
  };
}

const ROUTE = { $ref: "mailgun#/components/schemas/RouteResponse" };

/** Operation response schemas replaced or added: key `METHOD path-template status`. */
export const OPERATION_OVERRIDES: Record<string, { schema: object; why: string }> = {
  "PUT /v3/routes/{id} 200": {
    schema: { allOf: [ROUTE, { type: "object", required: ["message", "id", "expression", "actions"] }] },
    why: "routes.yml (Jan 2025) records a flat route plus `message`; the spec nests it under `route`.",
  },
  "GET /v3/domains 200": { schema: S("github.com-mailgun-domains-httpapi-ListDomainResponse"), why: "v3 form absent from the spec; same shape as v4." },
  "POST /v3/domains 200": { schema: S("github.com-mailgun-domains-httpapi-CreateDomainResp"), why: "v3 form absent from the spec; same shape as v4." },
  "GET /v3/domains/{name} 200": { schema: S("github.com-mailgun-domains-httpapi-FindDomainByNameResp"), why: "v3 form absent from the spec; same shape as v4." },
  "PUT /v3/domains/{name} 200": { schema: S("github.com-mailgun-domains-httpapi-UpdateDomainResp"), why: "v3 form absent from the spec; same shape as v4." },
  "PUT /v3/domains/{name}/verify 200": { schema: S("github.com-mailgun-domains-httpapi-VerifyDomainResponse"), why: "v3 form absent from the spec; same shape as v4." },
  "GET /v3/domains/{name}/connection 200": {
    schema: {
      type: "object", required: ["require_tls", "skip_verification"], additionalProperties: false,
      properties: { require_tls: { type: "boolean" }, skip_verification: { type: "boolean" } },
    },
    why: "Absent from the spec; domains.yml (Feb 2025) records this flat body (old docs nested it under `connection`).",
  },
  "PUT /v3/domains/{name}/connection 200": {
    schema: {
      type: "object", required: ["message", "require_tls", "skip_verification"], additionalProperties: false,
      properties: { message: { type: "string" }, require_tls: { type: "boolean" }, skip_verification: { type: "boolean" } },
    },
    why: "Absent from the spec; shape recorded in domains.yml (Feb 2025).",
  },
  "PUT /v3/domains/{name}/web_prefix 200": { schema: MESSAGE_ONLY, why: "Absent from the spec; recorded in domains.yml." },
  "POST /v1/webhooks 400": {
    schema: S("github.com-mailgun-scaffold-httpapi-InvalidParameterError"),
    why: "The spec's example is `{Field, Value}` (the declared schema of DELETE /v1/webhooks/{id} 400), contradicting the `{message}` it declares.",
  },
  "PUT /v1/webhooks/{webhook_id} 400": {
    schema: S("github.com-mailgun-scaffold-httpapi-InvalidParameterError"),
    why: "As POST /v1/webhooks 400: the example is `{Field, Value}`.",
  },
  "PUT /v1/dkim_management/domains/{name}/rotation 400": {
    schema: REASON_ONLY,
    why: "The DKIM management service answers `{\"Reason\"}` (the spec's example for this operation), not the domains service's `message`.",
  },
  "POST /v1/dkim_management/domains/{name}/rotate 400": { schema: REASON_ONLY, why: "As for the rotation PUT: the spec's example is `{\"Reason\"}`." },
  "GET /v1/dkim_management/domains/{name} 200": {
    schema: S("github.com-mailgun-pendulum-api-DomainResponse"),
    why: "Not in the spec: the emulator's assumed read-back of rotation settings answers what the rotation PUT answers (emulator/README.md).",
  },
  "GET /v1/dkim_management/domains/{name} 404": {
    schema: S("github.com-mailgun-scaffold-httpapi-NotFoundError"),
    why: "Same service and 404 shape as the rotation PUT (spec example `{\"Description\": \"domain not found\"}`).",
  },
};

/** Mailing lists (mailing_list.yml, list_members.yml): where the recordings differ from the spec. */
const MEMBER = S("ListMemberResponse");
Object.assign(OPERATION_OVERRIDES, {
  "POST /v3/lists 200": {
    schema: { type: "object", required: ["list", "message"], properties: { list: S("MailingListResponse"), message: { type: "string" } } },
    why: "mailing_list.yml (2016 and 2025) records 200; the spec documents 201.",
  },
  "GET /v3/lists/{list_address}/members/{member_address} 200": {
    schema: { type: "object", required: ["member"], properties: { member: MEMBER } },
    why: "list_members.yml (Feb 2025) records the member nested under `member`; the spec shows it flat.",
  },
  "POST /v3/lists/{list_address}/members 200": {
    schema: { type: "object", required: ["member", "message"], properties: { member: MEMBER, message: { type: "string" } } },
    why: "As recorded in list_members.yml (Feb 2025); kept explicit beside the GET override.",
  },
} satisfies Record<string, { schema: object; why: string }>);

/** Rules for non-JSON answers, which the spec documents as JSON. */
export const TEXT_RULES = [
  "401 is `text/plain; charset=utf-8` with body `Forbidden` (exceptions-invalid-api-key.yml 2023, exceptions.yml 2025); "
    + "the spec documents JSON `{\"message\":\"Invalid private key\"}` for management endpoints.",
  "An unknown path is a 404 `text/html` page (mailing_list.yml).",
  "Error statuses the spec does not list for an operation (400 validation, 404, 429, 5xx faults) must be `{\"message\": string}`, "
    + "the only error shape captured for these families.",
];

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  literalSegments: number;
  responses: Record<string, object | undefined>;
}

function rewriteRefs(node: any): any {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    const out: any = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `mailgun${v}` : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

function templateRegex(template: string): RegExp {
  const body = template.split("/").map((seg) => (seg.startsWith("{") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
  return new RegExp(`^${body}$`);
}

export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor() {
    const spec = loadSpec();
    const components = rewriteRefs(spec.components);
    for (const [name, { schema }] of Object.entries(SCHEMA_OVERRIDES)) components.schemas[name] = schema;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const f of ["int32", "int64", "password", "float", "double"]) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ $id: "mailgun", components }, "mailgun");

    const add = (method: string, template: string, responses: Record<string, object | undefined>) => {
      const existing = this.operations.find((o) => o.method === method && o.template === template);
      if (existing) Object.assign(existing.responses, responses);
      else {
        this.operations.push({
          method, template, regex: templateRegex(template), responses,
          literalSegments: template.split("/").filter((s) => s && !s.startsWith("{")).length,
        });
      }
    };
    for (const [template, item] of Object.entries<any>(spec.paths)) {
      for (const method of ["get", "post", "put", "delete", "patch"]) {
        const op = item[method];
        if (!op) continue;
        const responses: Record<string, object | undefined> = {};
        for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
          const schema = response.content?.["application/json"]?.schema;
          responses[status] = schema ? rewriteRefs(schema) : undefined;
        }
        add(method.toUpperCase(), template, responses);
      }
    }
    for (const [key, { schema }] of Object.entries(OPERATION_OVERRIDES)) {
      const [method, template, status] = key.split(" ");
      add(method, template, { [status]: schema });
    }
    // Specific templates first: `/v3/routes/match` before `/v3/routes/{id}`.
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  operationFor(method: string, path: string): Operation | undefined {
    return this.operations.find((o) => o.method === method && o.regex.test(path));
  }

  private validator(schema: object): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) this.compiled.set(schema, (fn = this.ajv.compile(schema)));
    return fn;
  }

  /** Problems with one response; empty when it conforms. */
  check(x: Exchange): string[] {
    const where = `${x.method} ${x.path} -> ${x.status}`;
    if (x.status === 401) {
      return x.contentType.startsWith("text/plain") && x.body === "Forbidden" ? [] : [`${where}: 401 must be text/plain Forbidden`];
    }
    if (x.method === "GET" && x.path === "/") return x.body === "Mailgun Magnificent API" ? [] : [`${where}: root banner`];
    const op = this.operationFor(x.method, x.path);
    if (!op) {
      if (x.status === 404 && x.contentType.startsWith("text/html")) return [];
      if (x.status >= 500 || x.status === 429) return this.validateJson(where, x, MESSAGE_ONLY);
      return [`${where}: no operation in the spec or overrides for this path`];
    }
    // A documented 204 has no content (the spec lists no schema for it).
    if (x.status === 204 && "204" in op.responses) return x.body === "" ? [] : [`${where}: 204 with a body`];
    if (!x.contentType.startsWith("application/json")) return [`${where}: expected JSON, got ${x.contentType}`];
    const schema = op.responses[String(x.status)];
    if (schema) return this.validateJson(where, x, schema);
    if (x.status >= 400) return this.validateJson(where, x, MESSAGE_ONLY);
    return [`${where}: status ${x.status} not documented for ${op.method} ${op.template}`];
  }

  private validateJson(where: string, x: Exchange, schema: object): string[] {
    let body: unknown;
    try {
      body = JSON.parse(x.body);
    } catch {
      return [`${where}: body is not JSON`];
    }
    const validate = this.validator(schema);
    if (validate(body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors, { dataVar: "body" })}`];
  }
}

let shared: ContractChecker | undefined;
export function contract(): ContractChecker {
  return (shared ??= new ContractChecker());
}
