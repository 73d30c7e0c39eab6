import { setRoleRequestSchema, userParamsSchema, type AdminUserResponse } from "@/contract/http/admin";
import { setUserRole } from "@/server/admin/users";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Sets a user's platform role (learner, instructor, admin); an admin's own role is refused (409). */
export const PUT = route()
  .params(userParamsSchema)
  .body(setRoleRequestSchema, { maxBytes: 1_024 })
  .access(admin())
  .handle(async ({ grant, params, body, clientAddress }) => {
    const user = await setUserRole(getDb(), userActor(grant.user, clientAddress), params.userId, body.role);
    return Response.json({ user } satisfies AdminUserResponse);
  });
