import { NextResponse, type NextRequest } from "next/server";
import { envSchema } from "./server/env-schema";
import { cachedPlatformOrigins, framingSources } from "./server/lti/frame-origins";
import { contentSecurityPolicy, createNonce, transportHeaders } from "./server/route/security-headers";

/** Pages an LTI launch leads to: the registered LMSs may frame them (docs/decisions/0158-lti.md). */
const FRAMEABLE = /^\/(courses|lti)(\/|$)/;

/**
 * Runs before every page and API request (not static files): gives each page render a fresh CSP nonce (Next
 * reads it from the request's Content-Security-Policy header and stamps it on its scripts; the root layout
 * reads x-nonce for the theme script) and adds HSTS when the site is served over https. Course pages and the
 * deep-linking picker may be framed by the registered LMSs (their origins cached for 30 s), and the picker may post
 * its answer to them; every other page is framed by nobody.
 */
export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const isHttps = new URL(envSchema.shape.PUBLIC_URL.parse(process.env.PUBLIC_URL)).protocol === "https:";
  const path = request.nextUrl.pathname;
  const origins = FRAMEABLE.test(path) ? await cachedPlatformOrigins(envSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL)) : [];
  const policy = contentSecurityPolicy({
    nonce,
    isDevelopment: process.env.NODE_ENV === "development",
    isHttps,
    frameAncestors: framingSources(origins, "'none'"),
    formAction: path.startsWith("/lti/") ? framingSources(origins) : "'self'",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(transportHeaders(isHttps))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON (no scripts to guard), and a proxy in front of a route makes Next copy the
  // request body for it, which would defeat the streaming body cap (server/route/read-body.ts).
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
