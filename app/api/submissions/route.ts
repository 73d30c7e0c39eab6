import { getDb } from "@/server/db";
import { getGradingService } from "@/server/grading";
import { readJson, requireUser, respond } from "@/server/http";
import { createSubmission, listOwnSubmissions, submitRequestSchema, toSubmissionView } from "@/server/submissions";

const MAX_BODY_BYTES = 1_200_000;

/** Accepts code for grading: 202 with the queued submission; the browser polls GET /api/submissions/:id. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const body = await readJson(request, submitRequestSchema, MAX_BODY_BYTES);
    const submission = await createSubmission(getDb(), user, body);
    void getGradingService().enqueue(submission.id);
    return Response.json({ submission: toSubmissionView(submission) }, { status: 202 });
  });
}

/** The signed-in user's submissions for one exercise (?exerciseId=...), newest first. */
export async function GET(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const exerciseId = new URL(request.url).searchParams.get("exerciseId");
    if (!exerciseId) return Response.json({ error: { code: "invalid_request", message: "Pass ?exerciseId=" } }, { status: 400 });
    return Response.json({ submissions: await listOwnSubmissions(getDb(), user.id, exerciseId) });
  });
}
