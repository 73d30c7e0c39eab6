import "server-only";
import { createHmac } from "node:crypto";
import { getAuth } from "../auth";
import { crossSiteCookieAttributes } from "./state-cookie";

export interface LtiSignIn {
  /** The Set-Cookie header value that carries the new session. */
  cookie: string;
}

/**
 * Signs a user in for a verified launch: a better-auth session (its hooks refuse a disabled account and note the
 * sign-in), and its cookie, signed exactly as better-auth signs its own (HMAC-SHA256 of the token with the auth
 * secret, "token.signature", URI-encoded) so every later request reads it like any other session.
 *
 * The cookie differs in one way: on https it is SameSite=None; Secure; Partitioned, because a launch usually runs
 * in the LMS's iframe, where a Lax cookie is never sent (the LMS's site is the top level). Partitioned (CHIPS) keeps
 * it to that LMS's frame in browsers that block third-party cookies. State-changing requests still have to come from
 * our own origin (server/route/request-guard.ts), so None opens no cross-site forgery. On plain http (a machine of
 * one's own) it stays Lax: browsers refuse SameSite=None without Secure.
 */
export async function signInForLaunch(userId: string, request: { address: string; userAgent: string | null }): Promise<LtiSignIn> {
  const auth = getAuth();
  const context = await auth.$context;
  const session = await context.internalAdapter.createSession(userId, false, { ipAddress: request.address, userAgent: request.userAgent ?? "" });
  const cookie = context.authCookies.sessionToken;
  const signature = createHmac("sha256", context.secret).update(session.token).digest("base64");
  const value = encodeURIComponent(`${session.token}.${signature}`);
  const secure = Boolean(cookie.attributes.secure);
  const parts = [
    `${cookie.name}=${value}`,
    "Path=/",
    `Max-Age=${context.sessionConfig.expiresIn}`,
    "HttpOnly",
    ...crossSiteCookieAttributes(secure),
  ];
  return { cookie: parts.join("; ") };
}
