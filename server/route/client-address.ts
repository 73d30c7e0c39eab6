import { isIP } from "node:net";

/**
 * The header our own HTTP server (scripts/serve.ts) sets to the client's address before Next sees the
 * request, after deleting any copy the client sent. Next's own x-forwarded-for cannot be trusted: when a
 * client sends one, Next keeps it instead of the socket's address.
 */
export const CLIENT_ADDRESS_HEADER = "x-pagewise-client-address";

/** What clientAddressOf answers when the request did not come through our server: no address is known. */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/**
 * The client's address from the socket's peer and X-Forwarded-For, trusting exactly `trustedHops` proxies
 * (TRUST_PROXY): with 0 the socket's peer is the client whatever the headers say; with 1 the socket is our
 * proxy and the last X-Forwarded-For entry is the address it saw; and so on. Entries a client prepended
 * itself sit further left and are never reached. IPv6 clients are keyed by their /64, the block one
 * subscriber usually holds, so a limit cannot be dodged by hopping addresses within it.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const chain = [...forwarded, socketAddress ?? "unknown"];
  const index = Math.max(0, chain.length - 1 - trustedHops);
  return normalizeAddress(chain[index] ?? "unknown");
}

/** "::ffff:1.2.3.4" is 1.2.3.4; an IPv6 address becomes its /64 prefix; anything unparseable is "unknown". */
export function normalizeAddress(raw: string): string {
  const address = raw.startsWith("[") && raw.includes("]") ? raw.slice(1, raw.indexOf("]")) : raw;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind === 6) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

function expandIpv6(address: string): string[] {
  const withoutZone = address.split("%")[0] ?? address;
  const [head = "", tail = ""] = withoutZone.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = withoutZone.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array.from({ length: Math.max(0, missing) }, () => "0"), ...right];
  return groups.map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? group.toLowerCase().replace(/^0+(?=.)/, "") : "0"));
}
