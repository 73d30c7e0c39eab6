import { staffParamsSchema } from "@/contract/http/admin";
import { removeCourseStaff } from "@/server/admin/staff";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Takes a staff member off the course (204). */
export const DELETE = route()
  .params(staffParamsSchema)
  .access(admin())
  .handle(async ({ grant, params, clientAddress }) => {
    await removeCourseStaff(getDb(), userActor(grant.user, clientAddress), params.courseId, params.userId);
    return new Response(null, { status: 204 });
  });
