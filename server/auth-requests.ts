import "server-only";
import { toNextJsHandler } from "better-auth/next-js";
import { z } from "zod";
import { getAuth } from "./auth";

// The bodies of better-auth's two endpoints that anyone can reach, checked by their routes before any limit is
// charged: a wrong type is our 400 naming the field (better-auth's own would be "[body.email] Invalid input"),
// and an unknown field (a smuggled "role", say) is refused, not ignored.

const email = z.email("must be an email address").max(254);
const clientOptions = { callbackURL: z.string().max(2_000).optional(), rememberMe: z.boolean().optional() };

export const signInBodySchema = z.object({ email, password: z.string().min(1).max(256), ...clientOptions }).strict();

export const signUpBodySchema = z
  .object({ name: z.string().min(1).max(80), email, password: z.string().max(256), image: z.string().max(2_000).optional(), ...clientOptions })
  .strict();

/** better-auth's bodies are small objects; sign-out sends none. */
export const otherAuthBodySchema = z.record(z.string(), z.unknown()).optional();

/** Every auth body is small: 16 KB is far above the largest sign-up. */
export const AUTH_BODY_MAX_BYTES = 16_384;

/** Hands a POST to better-auth with the body bytes exactly as they came (the route builder has read the stream). */
export function forwardToBetterAuth(request: Request, rawBody: Uint8Array | null): Promise<Response> {
  const forwarded = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: rawBody && rawBody.byteLength > 0 ? Buffer.from(rawBody) : null,
  });
  return toNextJsHandler(getAuth()).POST(forwarded);
}

/** Hands a GET (get-session and the like) to better-auth as it is. */
export function getFromBetterAuth(request: Request): Promise<Response> {
  return toNextJsHandler(getAuth()).GET(request);
}
