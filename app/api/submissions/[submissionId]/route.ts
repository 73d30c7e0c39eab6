import { z } from "zod";
import { getDb } from "@/server/db";
import { getGradingService } from "@/server/grading";
import { ownerOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { findSubmissionRow, toSubmissionView } from "@/server/submissions";

const paramsSchema = z.object({ submissionId: z.string().min(1).max(100) }).strict();
/** ?waitMs=N (at most 10 s): answer as soon as grading ends instead of at once (a long poll). */
const querySchema = z.object({ waitMs: z.coerce.number().int().min(0).max(10_000).default(0) }).strict();

/** One of the signed-in user's own submissions (404 for anyone else's, as for a missing one). */
export const GET = route()
  .params(paramsSchema)
  .query(querySchema)
  .access(ownerOf("submission", ({ params }, db) => findSubmissionRow(db, params.submissionId)))
  .handle(async ({ grant, query }) => {
    const submission = grant.record;
    const isFinal = submission.status === "graded" || submission.status === "failed";
    if (query.waitMs === 0 || isFinal) return Response.json({ submission: toSubmissionView(submission) });
    await getGradingService().waitUntilSettled(submission.id, query.waitMs);
    const latest = (await findSubmissionRow(getDb(), submission.id)) ?? submission;
    return Response.json({ submission: toSubmissionView(latest) });
  });
