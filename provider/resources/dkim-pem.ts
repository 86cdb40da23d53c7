import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/**
 * What the provider needs to know of an imported DKIM private key, read locally so that a bad
 * key fails at preview. Every message names the field and the fix and never quotes the key.
 */
export type PemFacts = { ok: true; publicKey: string; bits: number } | { ok: false; problem: string };

const PKCS1_HINT = "convert it with `openssl rsa -in key.pem -traditional -out key-pkcs1.pem`";

/** Mailgun imports one RSA private key in PKCS#1 PEM form (`-----BEGIN RSA PRIVATE KEY-----`), unencrypted (api-notes §2.8). */
export function pemFacts(pem: string): PemFacts {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (!label) {
    return { ok: false, problem: "pem must be an RSA private key in PEM form, from -----BEGIN RSA PRIVATE KEY----- to -----END RSA PRIVATE KEY----- (e.g. made by `openssl genrsa -traditional 2048`)" };
  }
  if (label === "ENCRYPTED PRIVATE KEY" || /Proc-Type:\s*4,ENCRYPTED/i.test(pem)) {
    return { ok: false, problem: `pem is encrypted with a passphrase; Mailgun needs it unencrypted: ${PKCS1_HINT} (it asks for the passphrase)` };
  }
  if (label.includes("PUBLIC KEY") || label === "CERTIFICATE") {
    return { ok: false, problem: "pem holds a public key or certificate; Mailgun needs the private key (-----BEGIN RSA PRIVATE KEY-----)" };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return { ok: false, problem: "pem could not be read as a private key; check that it is complete, BEGIN and END lines included" };
  }
  if (key.asymmetricKeyType !== "rsa") {
    return { ok: false, problem: `pem is not an RSA key (it is ${key.asymmetricKeyType ?? "of another type"}); Mailgun signs DKIM with RSA keys only` };
  }
  if (label !== "RSA PRIVATE KEY") {
    return { ok: false, problem: `pem is in PKCS#8 form (BEGIN ${label}); Mailgun takes PKCS#1 only (BEGIN RSA PRIVATE KEY): ${PKCS1_HINT}` };
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) return { ok: false, problem: `pem holds a ${bits}-bit key; DKIM verifiers reject keys under 1024 bits (RFC 8301): use 1024 or 2048` };
  return { ok: true, publicKey: createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64"), bits };
}

/** The base64 public key of a DKIM TXT value (`k=rsa; p=<base64>`), quotes and spaces removed. */
export function publicKeyOfRecord(value: string | undefined): string | undefined {
  const m = value && /(?:^|;)\s*p=([A-Za-z0-9+/=]+)/.exec(value.replace(/["\s]/g, (c) => (c === '"' ? "" : c)));
  return m?.[1];
}

/** Bits of a base64 SubjectPublicKeyInfo; undefined when it does not parse. */
export function keyBits(publicKey: string | undefined): number | undefined {
  if (!publicKey) return undefined;
  try {
    return createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" }).asymmetricKeyDetails?.modulusLength;
  } catch {
    return undefined;
  }
}
