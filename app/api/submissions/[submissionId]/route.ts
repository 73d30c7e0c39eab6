import { getDb } from "@/server/db";
import { requireUser, respond } from "@/server/http";
import { requireOwnSubmission } from "@/server/submissions";

/** One of the signed-in user's submissions (404 for anyone else's). */
export async function GET(_request: Request, { params }: { params: Promise<{ submissionId: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { submissionId } = await params;
    return Response.json({ submission: await requireOwnSubmission(getDb(), user.id, submissionId) });
  });
}
