import { enableUserRequestSchema, userParamsSchema, type AdminUserResponse } from "@/contract/http/admin";
import { enableUser } from "@/server/admin/users";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Enables a disabled account again: its owner can sign in. */
export const POST = route()
  .params(userParamsSchema)
  .body(enableUserRequestSchema, { maxBytes: 1_024, allowEmpty: true })
  .access(admin())
  .handle(async ({ grant, params, clientAddress }) => {
    const user = await enableUser(getDb(), userActor(grant.user, clientAddress), params.userId);
    return Response.json({ user } satisfies AdminUserResponse);
  });
