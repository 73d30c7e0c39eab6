import { disableUserRequestSchema, userParamsSchema, type AdminUserResponse } from "@/contract/http/admin";
import { disableUser } from "@/server/admin/users";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Disables an account with a reason; its sessions end at once (their next request is refused). */
export const POST = route()
  .params(userParamsSchema)
  .body(disableUserRequestSchema, { maxBytes: 2_048 })
  .access(admin())
  .handle(async ({ grant, params, body, clientAddress }) => {
    const user = await disableUser(getDb(), userActor(grant.user, clientAddress), params.userId, body.reason);
    return Response.json({ user } satisfies AdminUserResponse);
  });
