import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { signAsTool } from "./keys";
import { fetchWithTimeout, PlatformCallError } from "./platform-fetch";

/** What the token grant needs to know of a platform. */
export interface TokenPlatform {
  id: string;
  clientId: string;
  tokenUrl: string;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((type) => type.toLowerCase() === "bearer", "a bearer token"),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Tokens live this long when the platform does not say (RFC 6749 leaves expires_in optional). */
const DEFAULT_TOKEN_SECONDS = 300;
/** A token is not used in its last minute: a request sent with it must still find it valid at the platform. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Access tokens for a platform's services (AGS, NRPS) by the client-credentials grant with a signed JWT client
 * assertion (IMS Security Framework 1.0, 4.1; RFC 7523): iss = sub = our client id, aud = the token URL, a fresh
 * jti, five minutes to live. Tokens are cached per platform and scope set until shortly before they expire;
 * `forget` drops one the platform refused (a 401 from a service), so the next call asks for a fresh one.
 */
export class ServiceTokens {
  private readonly cache = new Map<string, CachedToken>();

  constructor(private readonly db: Pick<PrismaClient, "ltiKey">) {}

  async tokenFor(platform: TokenPlatform, scopes: readonly string[], now = Date.now()): Promise<string> {
    const key = cacheKey(platform, scopes);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now) return cached.token;
    const fresh = await this.requestToken(platform, scopes);
    this.cache.set(key, { token: fresh.access_token, expiresAt: now + (fresh.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000 });
    return fresh.access_token;
  }

  forget(platform: TokenPlatform, scopes: readonly string[]): void {
    this.cache.delete(cacheKey(platform, scopes));
  }

  private async requestToken(platform: TokenPlatform, scopes: readonly string[]) {
    const assertion = await signAsTool(this.db, { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, jti: randomUUID() }, { expiresInSeconds: 300 });
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: [...scopes].sort().join(" "),
    });
    const response = await fetchWithTimeout(platform.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new PlatformCallError(response.status, `the token endpoint answered ${response.status}: ${text.slice(0, 300)}`);
    const parsed = tokenResponseSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new PlatformCallError(response.status, `the token endpoint's answer is not an OAuth token: ${text.slice(0, 300)}`);
    return parsed.data;
  }
}

function cacheKey(platform: TokenPlatform, scopes: readonly string[]): string {
  return `${platform.id}\u0000${[...scopes].sort().join(" ")}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
