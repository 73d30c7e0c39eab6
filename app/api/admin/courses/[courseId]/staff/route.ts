import { addStaffRequestSchema, type StaffResponse } from "@/contract/http/admin";
import { courseParamsSchema } from "@/contract/http/courses";
import { addCourseStaff, listCourseStaff } from "@/server/admin/staff";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { RequestError } from "@/server/errors";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** The course's staff (instructors and teaching assistants). */
export const GET = route()
  .params(courseParamsSchema)
  .access(admin())
  .handle(async ({ params }) => {
    const [course] = await listCourseStaff(getDb(), params.courseId);
    if (!course) throw new RequestError(404, "course_not_found", `There is no course "${params.courseId}".`);
    return Response.json({ staff: course.staff } satisfies StaffResponse);
  });

/** Gives the user with this email a staff role in the course (201), or changes the one they have. */
export const POST = route()
  .params(courseParamsSchema)
  .body(addStaffRequestSchema, { maxBytes: 2_048 })
  .access(admin())
  .handle(async ({ grant, params, body, clientAddress }) => {
    const member = await addCourseStaff(getDb(), userActor(grant.user, clientAddress), params.courseId, body.email, body.role);
    return Response.json({ staff: [member] } satisfies StaffResponse, { status: 201 });
  });
