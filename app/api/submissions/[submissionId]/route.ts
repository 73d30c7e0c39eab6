import {
  submissionParamsSchema,
  submissionWaitQuerySchema,
  type SubmissionResponse,
} from "@/contract/http/submissions";
import { getDb } from "@/server/db";
import { getGrading } from "@/server/grading";
import { waitingBefore } from "@/server/grading/waiting-before";
import { ownerOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { findSubmissionRow, isFinal, toSubmissionView } from "@/server/submissions";

/** One of the signed-in user's own submissions (404 for anyone else's, as for a missing one); ?waitMs long-polls. */
export const GET = route()
  .params(submissionParamsSchema)
  .query(submissionWaitQuerySchema)
  .access(ownerOf("submission", ({ params }, db) => findSubmissionRow(db, params.submissionId)))
  .handle(async ({ grant, query }) => {
    let row = grant.record;
    if (query.waitMs > 0 && !isFinal(row)) {
      // Woken by the final state's announcement, from whichever process graded it.
      const { queue } = await getGrading();
      const id = row.id;
      await queue.waitForFinal(id, query.waitMs, async () => isFinal(await findSubmissionRow(getDb(), id)));
      row = (await findSubmissionRow(getDb(), id)) ?? row;
    }
    const body: SubmissionResponse = { submission: toSubmissionView(row), waitingBefore: await waitingBefore(getDb(), row) };
    return Response.json(body);
  });
