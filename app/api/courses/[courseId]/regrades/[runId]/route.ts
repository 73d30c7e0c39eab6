import { regradeRunParamsSchema, type RegradeResponse } from "@/contract/http/regrades";
import { getDb } from "@/server/db";
import { RequestError } from "@/server/errors";
import { regradeProgress } from "@/server/regrade/runs";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Where a regrade of one of the course's exercises stands (another course's run is a 404, as a missing one). */
export const GET = route()
  .params(regradeRunParamsSchema)
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, params }) => {
    const db = getDb();
    const owner = await db.regradeRun.findFirst({ where: { id: params.runId, exercise: { courseId: grant.courseId } }, select: { id: true } });
    const run = owner ? await regradeProgress(db, owner.id) : null;
    if (!run) throw new RequestError(404, "regrade_not_found", "There is no such regrade in this course.");
    return Response.json({ run } satisfies RegradeResponse);
  });
