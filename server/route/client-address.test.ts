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
  it.each([
    ["unwraps IPv4-mapped IPv6", "::ffff:127.0.0.1", "127.0.0.1"],
    ["keeps plain IPv4", "192.0.2.1", "192.0.2.1"],
    ["keys IPv6 clients by their /64", "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"],
    ["keys IPv6 by its /64 written in full", "2001:0db8:0001:0002:ffff:0:0:9", "2001:db8:1:2::/64"],
    ["keys IPv6 by its /64 in brackets", "[2001:db8:1:2::5]", "2001:db8:1:2::/64"],
    ["keys the IPv6 loopback by its /64", "::1", "0:0:0:0::/64"],
    // Anything that is not an address is 'unknown': a header's free text never becomes a key.
    ["refuses markup", "<script>", "unknown"],
    ["refuses an empty string", "", "unknown"],
    ["refuses five octets", "1.2.3.4.5", "unknown"],
  ])("%s: %j is %j", (_what, address, key) => {
    expect(normalizeAddress(address)).toBe(key);
  });
});
