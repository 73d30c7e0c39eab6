import "server-only";
import { createRemoteJWKSet } from "jose";

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, KeySet>();

/**
 * A platform's public keys, fetched from its JWKS URL and cached (ten minutes). A token whose kid the cache does
 * not know makes it fetch again (a platform that rotated its key), at most every 30 seconds so a stream of forged
 * kids cannot make us hammer the platform.
 */
export function platformKeySet(jwksUrl: string): KeySet {
  let keySet = keySets.get(jwksUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
    keySets.set(jwksUrl, keySet);
  }
  return keySet;
}
