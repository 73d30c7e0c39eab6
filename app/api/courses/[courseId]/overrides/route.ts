import { courseParamsSchema } from "@/contract/http/courses";
import { setOverrideRequestSchema, type OverrideResponse } from "@/contract/http/overrides";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { setOverride } from "@/server/grades";
import { staffOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Sets (or, with score null, removes) a learner's grade on one exercise, with a reason; every grade stays in history. */
export const POST = route()
  .params(courseParamsSchema)
  .body(setOverrideRequestSchema, { maxBytes: 4_096 })
  .access(staffOf(({ params }) => params.courseId))
  .handle(async ({ grant, body, clientAddress }) => {
    const override = await setOverride(getDb(), grant.courseId, userActor(grant.user, clientAddress), body);
    return Response.json({ override } satisfies OverrideResponse, { status: 201 });
  });
