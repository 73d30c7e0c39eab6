import { registerPlatformRequestSchema, type RegisterPlatformResponse } from "@/contract/http/lti-admin";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { registerPlatform } from "@/server/lti/platforms";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Registers an LMS and one of its deployments: what `npm run lti:register` does, from /admin/lti. */
export const POST = route()
  .body(registerPlatformRequestSchema, { maxBytes: 16_384 })
  .access(admin())
  .handle(async ({ grant, body, clientAddress }) => {
    const outcome = await registerPlatform(getDb(), userActor(grant.user, clientAddress), body);
    return Response.json(outcome satisfies RegisterPlatformResponse);
  });
