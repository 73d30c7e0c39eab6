import { exerciseRegradeParamsSchema, startRegradeRequestSchema, type RegradeResponse } from "@/contract/http/regrades";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { getGrading } from "@/server/grading";
import { regradeProgress, startRegrade } from "@/server/regrade/runs";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Starts a regrade of every graded submission of one of the course's exercises (dryRun: a preview); 202, then poll. */
export const POST = route()
  .params(exerciseRegradeParamsSchema)
  .body(startRegradeRequestSchema, { maxBytes: 1_024 })
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, params, body, clientAddress }) => {
    const db = getDb();
    const { queue } = await getGrading();
    const started = await startRegrade(db, queue, { exerciseId: params.exerciseId, courseId: grant.courseId, dryRun: body.dryRun, actor: userActor(grant.user, clientAddress) });
    const run = await regradeProgress(db, started.runId);
    if (!run) throw new Error("the regrade just started is missing");
    return Response.json({ run } satisfies RegradeResponse, { status: 202 });
  });
