import { z } from "zod";
import { getDb } from "@/server/db";
import { getGradingService } from "@/server/grading";
import { requireUser, respond } from "@/server/http";
import { requireOwnSubmission } from "@/server/submissions";

/** ?waitMs=N (at most 10 s): answer as soon as grading ends instead of at once (a long poll). */
const waitSchema = z.coerce.number().int().min(0).max(10_000).catch(0);

/** One of the signed-in user's submissions (404 for anyone else's). */
export async function GET(request: Request, { params }: { params: Promise<{ submissionId: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { submissionId } = await params;
    const db = getDb();
    const submission = await requireOwnSubmission(db, user.id, submissionId);
    const waitMs = waitSchema.parse(new URL(request.url).searchParams.get("waitMs") ?? 0);
    if (waitMs === 0 || submission.status === "graded" || submission.status === "failed") return Response.json({ submission });
    await getGradingService().waitUntilSettled(submissionId, waitMs);
    return Response.json({ submission: await requireOwnSubmission(db, user.id, submissionId) });
  });
}
