import {
  FINAL_SUBMISSION_STATUSES,
  submissionParamsSchema,
  submissionWaitQuerySchema,
  type SubmissionResponse,
} from "@/contract/http/submissions";
import { getDb } from "@/server/db";
import { getGrading } from "@/server/grading";
import { ownerOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { findSubmissionRow, isFinal, toSubmissionView } from "@/server/submissions";

/** One of the signed-in user's own submissions (404 for anyone else's, as for a missing one); ?waitMs long-polls. */
export const GET = route()
  .params(submissionParamsSchema)
  .query(submissionWaitQuerySchema)
  .access(ownerOf("submission", ({ params }, db) => findSubmissionRow(db, params.submissionId)))
  .handle(async ({ grant, query }) => {
    let submission = toSubmissionView(grant.record);
    if (query.waitMs > 0 && !FINAL_SUBMISSION_STATUSES.includes(submission.status)) {
      // Woken by the final state's announcement, from whichever process graded it.
      const { queue } = await getGrading();
      await queue.waitForFinal(submission.id, query.waitMs, async () => isFinal(await findSubmissionRow(getDb(), submission.id)));
      const latest = await findSubmissionRow(getDb(), submission.id);
      if (latest) submission = toSubmissionView(latest);
    }
    return Response.json({ submission } satisfies SubmissionResponse);
  });
