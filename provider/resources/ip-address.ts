import { isIP } from "node:net";

/**
 * IP addresses and CIDR ranges as the IP allowlist takes them, in one canonical spelling so that
 * `2001:DB8::1` and `2001:db8:0::1` are the same entry and never show as a change.
 */

const EXAMPLES = "203.0.113.50, 203.0.113.0/24 or 2001:db8::/32";

function v4Bits(ip: string): bigint {
  return ip.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** `ip` in the canonical compressed lower-case form (WHATWG URL serialisation, RFC 5952). */
function canonicalV6(ip: string): string {
  return new URL(`http://[${ip}]`).hostname.slice(1, -1);
}

function v6Bits(canonical: string): bigint {
  const [head, tail] = canonical.includes("::") ? canonical.split("::") : [canonical, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/** Why `value` is not an address or range the allowlist accepts, or undefined when it is. */
export function ipProblem(value: string): string | undefined {
  const invalid = `"${value}" is not an IP address or CIDR range; use one such as ${EXAMPLES}`;
  if (value !== value.trim()) return `address "${value}" has leading or trailing whitespace; remove it`;
  const parts = value.split("/");
  if (parts.length > 2 || value.includes("%")) return invalid;
  const version = isIP(parts[0]);
  if (version === 0) return invalid;
  if (parts.length === 1) return undefined;
  const max = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(parts[1])) return invalid;
  const prefix = Number(parts[1]);
  if (prefix > max) return `the prefix /${prefix} of "${value}" is longer than an IPv${version} address; use /0 to /${max}`;
  const bits = version === 4 ? v4Bits(parts[0]) : v6Bits(canonicalV6(parts[0]));
  const hostMask = (1n << BigInt(max - prefix)) - 1n;
  if ((bits & hostMask) !== 0n) {
    const network = bits & ~hostMask & ((1n << BigInt(max)) - 1n);
    const first = version === 4 ? [24n, 16n, 8n, 0n].map((s) => String((network >> s) & 255n)).join(".") : canonicalV6(fromV6Bits(network));
    return `"${value}" has address bits set after its /${prefix} prefix; write the range by its first address: ${first}/${prefix}`;
  }
  return undefined;
}

function fromV6Bits(bits: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((bits >> BigInt(16 * (7 - i))) & 0xffffn).toString(16)).join(":");
}

/** The canonical spelling of a valid address or range: IPv6 compressed and lower case, the prefix without leading zeros. */
export function canonicalIp(value: string): string {
  const [ip, prefix] = value.trim().split("/");
  const address = isIP(ip) === 6 ? canonicalV6(ip) : ip;
  return prefix === undefined ? address : `${address}/${Number(prefix)}`;
}
