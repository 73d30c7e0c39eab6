import { toNextJsHandler } from "better-auth/next-js";
import { z } from "zod";
import { getAuth } from "@/server/auth";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { signInLimits, signUpLimits } from "@/server/route/named-limits";

// better-auth serves sign-up, sign-in, sign-out and get-session under /api/auth/*. Its requests pass through the
// route builder like every other: Origin checked, JSON only, bodies capped, and our rate limits (per client
// address and per account, stored in the database) in front of sign-in and sign-up. better-auth then gets
// the body bytes exactly as they came.

const paramsSchema = z.object({ all: z.array(z.string().max(100)).min(1).max(5) });
/** better-auth's bodies are small objects (email, password, name, callbackURL); sign-out sends none. */
const authBodySchema = z.record(z.string(), z.unknown()).optional();
const emailOf = (body: Record<string, unknown> | undefined) => (typeof body?.email === "string" ? body.email : null);

// The two endpoints anyone can reach with a body are validated here, so a wrong type gets our 400 naming the field
// (better-auth's own would be "[body.email] Invalid input") and an unknown field is refused, not ignored.
const email = z.email("must be an email address").max(254);
const options = { callbackURL: z.string().max(2_000).optional(), rememberMe: z.boolean().optional() };
const endpointSchemas: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ["sign-in/email", z.object({ email, password: z.string().min(1).max(256), ...options }).strict()],
  ["sign-up/email", z.object({ name: z.string().min(1).max(80), email, password: z.string().max(256), image: z.string().max(2_000).optional(), ...options }).strict()],
]);

export const GET = route()
  .params(paramsSchema)
  .access(anyone())
  .handle(async ({ request }) => toNextJsHandler(getAuth()).GET(request));

export const POST = route()
  .params(paramsSchema)
  .body(authBodySchema, { maxBytes: 16_384, allowEmpty: true })
  .access(anyone())
  .limit(({ params, body, clientAddress }) => {
    const endpoint = params.all.join("/");
    if (endpoint === "sign-in/email") return signInLimits(clientAddress, emailOf(body));
    if (endpoint === "sign-up/email") return signUpLimits(clientAddress, emailOf(body));
    return [];
  })
  .handle(async ({ request, rawBody, params, body }) => {
    endpointSchemas.get(params.all.join("/"))?.parse(body);
    const forwarded = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: rawBody && rawBody.byteLength > 0 ? Buffer.from(rawBody) : null,
    });
    return toNextJsHandler(getAuth()).POST(forwarded);
  });
