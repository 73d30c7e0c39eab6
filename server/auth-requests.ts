import "server-only";
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "./auth";

// How auth requests reach better-auth; their bodies are contract/http/auth.ts.

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
