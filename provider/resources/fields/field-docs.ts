/**
 * The Fields and Outputs tables of docs/resources/<kind>.md, written from the kind's definition.
 * test/unit/field-tables.test.ts fails when a page differs; `npm run docs:tables` rewrites them.
 */
import { z } from "zod";
import { type InputField, type KindDefinition, defaultOf, isOptional } from "./define";

type Json = Record<string, unknown>;

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;
const jsonOf = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;

/** A JSON Schema's type as the pages write it: `"a"` \| `"b"`, string[], `1024` \| `2048`. */
function typeText(s: Json): string {
  if (Array.isArray(s.enum)) return s.enum.map(code).join(" \\| ");
  if (s.const !== undefined) return code(s.const);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeText).join(" \\| ");
  if (s.type === "array") return `${typeText((s.items as Json) ?? {})}[]`;
  if (s.type === "integer") return "number";
  if (typeof s.type === "string") return s.type;
  return "any";
}

function defaultText(f: InputField): string {
  if (f.docs?.default) return f.docs.default;
  if (!isOptional(f)) return "required";
  const d = defaultOf(f);
  return d === undefined ? "none" : code(d.value);
}

const cell = (s: string) => s.replace(/\n/g, " ");

export function fieldsTable(d: KindDefinition): string {
  const rows = Object.entries(d.inputs)
    .filter(([, f]) => !f.internal)
    .map(([name, f]) => {
      const type = `${f.docs?.type ?? typeText(jsonOf(f.schema))}${f.secret ? ", secret" : ""}`;
      const change = f.docs?.change ?? (f.change === "not compared" ? "—" : f.change);
      return `| \`${name}\` | ${type} | ${defaultText(f)} | ${change} | ${cell(f.description)} |`.replace(/ {2}\|$/, " |");
    });
  return ["| field | type | required / default | change | description |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

/** The table of output-only fields, or undefined when the kind has none to document. */
export function outputsTable(d: KindDefinition): string | undefined {
  const rows = Object.entries(d.outputs).filter(([, o]) => !o.internal).map(([name, o]) => `| \`${name}\` | ${cell(o.description)}${o.secret ? " (a Pulumi secret)" : ""} |`);
  return rows.length ? ["| output | description |", "| --- | --- |", ...rows].join("\n") : undefined;
}

/** The table that starts right after `heading` (a block of `|` lines), with its extent. */
function tableAfter(page: string, heading: string): { start: number; end: number } | undefined {
  const at = page.indexOf(`\n${heading}\n\n`);
  if (at < 0) return undefined;
  const start = at + heading.length + 3;
  if (page[start] !== "|") return { start, end: start };
  const lines = page.slice(start).split("\n");
  const n = lines.findIndex((l) => !l.startsWith("|"));
  return { start, end: start + lines.slice(0, n).join("\n").length };
}

/**
 * The page with its tables as the definition says: the Fields table under "## Fields"; under
 * "## Outputs", a table of the output-only fields first (hand-written text may follow it), or no
 * table when there are none.
 */
export function withTables(page: string, d: KindDefinition): string {
  const fields = tableAfter(page, "## Fields");
  if (!fields) throw new Error(`the page of ${d.kind} has no "## Fields" section`);
  let out = page.slice(0, fields.start) + fieldsTable(d) + page.slice(fields.end);
  const outputs = tableAfter(out, "## Outputs");
  if (!outputs) throw new Error(`the page of ${d.kind} has no "## Outputs" section`);
  const table = outputsTable(d);
  const rest = out.slice(outputs.end).replace(/^\n+/, "");
  out = out.slice(0, outputs.start) + (table ? `${table}\n\n${rest}` : rest);
  return out;
}
