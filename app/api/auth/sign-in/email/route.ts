import { signInBodySchema } from "@/contract/http/auth";
import { AUTH_BODY_MAX_BYTES, forwardToBetterAuth } from "@/server/auth-requests";
import { getDb } from "@/server/db";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { signInLimits } from "@/server/route/named-limits";
import { noteSignInFailure } from "@/server/sign-in-failures";

/**
 * Signs in with email and password (better-auth), limited per client address and per account. A wrong password (401)
 * is counted, and a burst of them on one account is recorded in the audit log (server/sign-in-failures.ts).
 */
export const POST = route()
  .body(signInBodySchema, { maxBytes: AUTH_BODY_MAX_BYTES })
  .access(anyone())
  .limit(({ body, clientAddress }) => signInLimits(clientAddress, body.email))
  .handle(async ({ request, rawBody, body, clientAddress }) => {
    const response = await forwardToBetterAuth(request, rawBody);
    if (response.status === 401) await noteSignInFailure(getDb(), body.email, clientAddress);
    return response;
  });
