import { signInBodySchema } from "@/contract/http/auth";
import { AUTH_BODY_MAX_BYTES, forwardToBetterAuth } from "@/server/auth-requests";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { signInLimits } from "@/server/route/named-limits";

/** Signs in with email and password (better-auth), limited per client address and per account. */
export const POST = route()
  .body(signInBodySchema, { maxBytes: AUTH_BODY_MAX_BYTES })
  .access(anyone())
  .limit(({ body, clientAddress }) => signInLimits(clientAddress, body.email))
  .handle(async ({ request, rawBody }) => forwardToBetterAuth(request, rawBody));
