import { getDb } from "@/server/db";
import { saveDraft, saveDraftRequestSchema } from "@/server/drafts";
import { readJson, requireUser, respond } from "@/server/http";

/** Saves the editor's content (the browser calls this a second after typing stops). */
export async function PUT(request: Request, { params }: { params: Promise<{ exerciseId: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { exerciseId } = await params;
    const { code } = await readJson(request, saveDraftRequestSchema, 1_200_000);
    await saveDraft(getDb(), user, exerciseId, code);
    return new Response(null, { status: 204 });
  });
}
