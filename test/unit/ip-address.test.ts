import { canonicalIp, ipProblem } from "../../provider/resources/ip-address";

describe("IP allowlist addresses", () => {
  test.each([
    ["203.0.113.50", "203.0.113.50"],
    ["203.0.113.0/24", "203.0.113.0/24"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["10.0.0.1/032", "10.0.0.1/32"],
    ["2001:DB8:0:0::1", "2001:db8::1"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:0db8:0000::/48", "2001:db8::/48"],
    ["::/0", "::/0"],
    ["::1/128", "::1/128"],
    ["fe80::/10", "fe80::/10"],
  ])("%s is valid, spelled %s", (input, canonical) => {
    expect(ipProblem(input)).toBeUndefined();
    expect(canonicalIp(input)).toBe(canonical);
  });

  test.each([
    ["example.com", /is not an IP address or CIDR range/],
    ["10.0.0.256", /is not an IP address or CIDR range/],
    ["010.0.0.1", /is not an IP address or CIDR range/],
    ["10.0.0.0/8/8", /is not an IP address or CIDR range/],
    ["10.0.0.0/x", /is not an IP address or CIDR range/],
    ["fe80::1%eth0", /is not an IP address or CIDR range/],
    ["", /is not an IP address or CIDR range/],
    [" 10.0.0.1", /leading or trailing whitespace/],
    ["10.0.0.1/33", /prefix \/33 of "10.0.0.1\/33" is longer than an IPv4 address; use \/0 to \/32/],
    ["2001:db8::/129", /longer than an IPv6 address; use \/0 to \/128/],
    ["203.0.113.5/24", /address bits set after its \/24 prefix; write the range by its first address: 203\.0\.113\.0\/24/],
    ["2001:db8::1/32", /write the range by its first address: 2001:db8::\/32/],
    ["2001:db8:ff00::/20", /write the range by its first address: 2001::\/20/],
  ])("%s is refused", (input, reason) => {
    expect(ipProblem(input)).toMatch(reason);
  });
});
