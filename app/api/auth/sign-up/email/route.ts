import { signUpBodySchema } from "@/contract/http/auth";
import { AUTH_BODY_MAX_BYTES, forwardToBetterAuth } from "@/server/auth-requests";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { signUpLimits } from "@/server/route/named-limits";

/** Creates an account with email and password (better-auth), limited per client address and per email. */
export const POST = route()
  .body(signUpBodySchema, { maxBytes: AUTH_BODY_MAX_BYTES })
  .access(anyone())
  .limit(({ body, clientAddress }) => signUpLimits(clientAddress, body.email))
  .handle(async ({ request, rawBody }) => forwardToBetterAuth(request, rawBody));
