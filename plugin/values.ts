/**
 * Property values between the engine's protobuf Structs and the handlers' plain objects.
 *
 * The engine marks a secret as an envelope object keyed by a signature; the handlers know nothing
 * of envelopes, so they are taken off on the way in (remembering which top-level properties held
 * one) and put back on the way out, on those properties and on the kind's declared secret fields.
 * Results go through definedOnly: a Struct has no `undefined`.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { definedOnly } from "../provider/engine-values";
import type { Props } from "../provider/resources/types";

/** Pulumi's special-signature key and the value that marks a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface Revealed {
  props: Props;
  /** Top-level properties that held a secret anywhere inside. */
  secrets: Set<string>;
}

function isSecretEnvelope(v: unknown): v is { value: unknown } {
  return !!v && typeof v === "object" && !Array.isArray(v) && (v as Props)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret envelope replaced by what it holds; `found` is set if there was one. */
function unwrap(v: unknown, found: { secret: boolean }): unknown {
  if (isSecretEnvelope(v)) {
    found.secret = true;
    return unwrap(v.value, found);
  }
  if (Array.isArray(v)) return v.map((x) => unwrap(x, found));
  if (v && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) out[k] = unwrap(x, found);
    return out;
  }
  return v;
}

export function reveal(value: Props | undefined): Revealed {
  const props: Props = {};
  const secrets = new Set<string>();
  for (const [k, v] of Object.entries(value ?? {})) {
    const found = { secret: false };
    props[k] = unwrap(v, found);
    if (found.secret) secrets.add(k);
  }
  return { props, secrets };
}

/** Reads a Struct the engine sent (absent: nothing, as in an import's Read). */
export function fromStruct(s: Struct | undefined): Revealed {
  return reveal(s ? (s.toJavaScript() as Props) : undefined);
}

export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** The props as a Struct: no undefined anywhere, the named top-level properties as secrets. */
export function toStruct(props: object | undefined, secrets: Iterable<string> = []): Struct {
  const out = definedOnly({ ...(props ?? {}) }) as Props;
  for (const k of secrets) if (out[k] !== undefined && !isSecretEnvelope(out[k])) out[k] = secret(out[k]);
  return Struct.fromJavaScript(out as Parameters<typeof Struct.fromJavaScript>[0]);
}
