import { describe, expect, it } from "vitest";
import { normalizeAddress, resolveClientAddress } from "./client-address";

describe("resolveClientAddress", () => {
  it("with no trusted proxy, takes the socket's address and ignores X-Forwarded-For entirely", () => {
    expect(resolveClientAddress("203.0.113.7", "1.2.3.4", 0)).toBe("203.0.113.7");
    expect(resolveClientAddress("203.0.113.7", ["1.2.3.4", "5.6.7.8"], 0)).toBe("203.0.113.7");
    expect(resolveClientAddress("203.0.113.7", undefined, 0)).toBe("203.0.113.7");
  });

  it("behind one trusted proxy, takes the address that proxy appended, not what the client prepended", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw, 198.51.100.9.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9", 1)).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.2", "198.51.100.9", 1)).toBe("198.51.100.9");
  });

  it("behind two proxies, goes two hops back; a short chain falls back to its leftmost entry", () => {
    expect(resolveClientAddress("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2", 2)).toBe("198.51.100.9");
    expect(resolveClientAddress("10.0.0.3", undefined, 2)).toBe("10.0.0.3");
  });
});

describe("normalizeAddress", () => {
  it("unwraps IPv4-mapped IPv6 and keeps plain IPv4", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("192.0.2.1")).toBe("192.0.2.1");
  });

  it("keys IPv6 clients by their /64, however they write it", () => {
    expect(normalizeAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("[2001:db8:1:2::5]")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("::1")).toBe("0:0:0:0::/64");
  });

  it("turns anything that is not an address into 'unknown' (never a header's free text)", () => {
    expect(normalizeAddress("<script>")).toBe("unknown");
    expect(normalizeAddress("")).toBe("unknown");
    expect(normalizeAddress("1.2.3.4.5")).toBe("unknown");
  });
});
