import { z } from "zod";
import { optionalBoolean } from "../validation";
import { templateKey } from "../template-slots";
import { adoptField, domainField, forceDestroyField, ownerTagField, regionField } from "./common";
import { defineKind } from "./define";

/** Mailgun has no rename and no move: only the description changes in place (PUT). */
export const templateFields = defineKind("Template", {
  domain: domainField(),
  name: {
    schema: templateKey("name", "order-shipped"),
    change: "replace",
    description: "any case (see below); not `.`/`..`, no `/`, no control characters, no edge whitespace, at most 255 characters",
    example: "order-shipped",
  },
  description: { schema: z.string({ error: "description must be a string" }).default(""), change: "in place", description: "" },
  region: regionField("the domain's region"),
  adopt: adoptField("take over a template of that name made elsewhere (see below)"),
  // The handler compares it as set or not (unset and false are the same).
  forceDestroy: { ...forceDestroyField("a delete or replacement never takes versions with it unless set (see below)"), comparedByHandler: true },
  ownerTag: ownerTagField,
}, {
  outputs: {
    templateId: { schema: z.string(), description: "Mailgun's id of the template (a UUID)" },
    createdAt: { schema: z.string(), description: "when Mailgun created it, e.g. `Sun, 15 Oct 2023 15:33:22 UTC`" },
    createdBy: { schema: z.string(), description: "Mailgun's `createdBy`: `pulumi-mailgun/<tag>` for templates this provider made (see below)" },
  },
});

/** The only headers a template version may carry (spec, `headers` of POST .../versions). */
export const TEMPLATE_HEADERS = ["From", "Subject", "Reply-To"] as const;
/** The engines Mailgun's template API renders (every capture and spec example: handlebars). */
export const TEMPLATE_ENGINES = ["handlebars"] as const;

/**
 * Handlebars block helpers must close in the order they open ({{#if}} ... {{/if}}): an unbalanced
 * body is stored by Mailgun and fails only when a message is sent with it.
 */
export function handlebarsBlocksProblem(body: string): string | undefined {
  const open: string[] = [];
  // {{{raw}}} and {{! comments }} hold no blocks; {{~#if}} trims whitespace and opens one.
  for (const m of body.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, "").matchAll(/\{\{~?\s*([#/])\s*([\w.-]+)/g)) {
    const [, sign, name] = m;
    if (sign === "#") {
      open.push(name);
      continue;
    }
    const top = open.pop();
    if (top === undefined) return `closes {{/${name}}} where no block is open; remove it or add its {{#${name}}}`;
    if (top !== name) return `closes {{/${name}}} while {{#${top}}} is open; close {{#${top}}} with {{/${top}}} first`;
  }
  return open.length ? `opens {{#${open[open.length - 1]}}} and never closes it; add {{/${open[open.length - 1]}}}` : undefined;
}

/** A From header: an address, "Name <address>", or template variables that give one at send time. */
function fromHeaderOk(value: string): boolean {
  if (/\{\{[^}]+\}\}/.test(value)) return true;
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value.trim();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address);
}

export const templateHeaders = z
  .record(z.string(), z.string({ error: "each header value must be a string" }), { error: 'headers must be an object such as { Subject: "Your order {{id}}" }' })
  .superRefine((h, ctx) => {
    for (const key of Object.keys(h)) {
      if (key === "From" && !fromHeaderOk(h[key])) {
        ctx.addIssue({ code: "custom", message: `header "From" must be an address such as "Shop <shop@mg.example.com>" or a {{variable}} that gives one` });
        continue;
      }
      if ((TEMPLATE_HEADERS as readonly string[]).includes(key)) continue;
      const near = TEMPLATE_HEADERS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, "-"));
      ctx.addIssue({
        code: "custom",
        message: near
          ? `header "${key}" must be spelled "${near}"`
          : `header "${key}" is not one Mailgun templates take; only ${TEMPLATE_HEADERS.join(", ")} (set other headers when sending the message)`,
      });
    }
  });

/** PUT changes content, comment, headers and activation; the tag, engine and place make another version. */
export const templateVersionFields = defineKind("TemplateVersion", {
  domain: domainField(),
  template: { schema: templateKey("template", "order-shipped"), change: "replace", description: "the template's name, any case; pass `myTemplate.name`", example: "order-shipped" },
  tag: {
    schema: templateKey("tag", "v1"),
    change: "replace",
    description: "unique in its template; any case (Mailgun stores it lower-case); same characters as a template name",
    example: "v1",
  },
  content: {
    schema: z.string({ error: "content must be a string: the template body, e.g. \"<p>Hello {{name}}</p>\"" }).min(1, { error: "content must not be empty: Mailgun requires the template body" })
      .refine((s) => s.trim() !== "", { error: "content must not be only whitespace: Mailgun requires the template body" })
      .superRefine((s, ctx) => {
        const problem = handlebarsBlocksProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: `content ${problem}` });
      }),
    change: "in place",
    description: "not empty: the template body (handlebars placeholders)",
    example: "<p>Order {{id}} shipped</p>",
  },
  engine: {
    schema: z.enum(TEMPLATE_ENGINES, { error: (iss) => `engine must be "handlebars" (got "${String(iss.input)}"): it is the one engine Mailgun's template API renders` }).meta({ enumName: "TemplateEngine" }).default("handlebars"),
    change: "replace",
    description: "the only engine Mailgun's template API renders; others are refused at preview",
  },
  comment: { schema: z.string({ error: "comment must be a string" }).default(""), change: "in place", description: "" },
  headers: {
    schema: templateHeaders.default({}),
    change: "in place",
    description: "only `From`, `Subject`, `Reply-To` (spelled so); others are refused at preview (set them when sending)",
    docs: { type: '`{ From?, Subject?, "Reply-To"? }`' },
  },
  // Compared with what Mailgun serves by the handler's own diff.
  active: { schema: optionalBoolean("active").optional(), change: "in place", comparedByHandler: true, description: "see below", docs: { default: "unset" } },
  region: regionField("the domain's region"),
  adopt: adoptField("take over a version with this tag made elsewhere (see below)"),
}, {
  outputs: {
    active: { schema: z.boolean(), description: "whether Mailgun serves this version now (as of the last create, update or refresh)" },
    versionId: { schema: z.string(), description: "Mailgun's id of the version (a UUID)" },
    createdAt: { schema: z.string(), description: "when Mailgun created it, e.g. `Sun, 15 Oct 2023 17:19:10 UTC`" },
    declaredActive: { schema: z.boolean(), description: "the program's `active` input, kept so a refresh hands back what the program said", internal: true },
  },
});
