import { exerciseParamsSchema, saveDraftRequestSchema } from "@/contract/http/exercises";
import { getDb } from "@/server/db";
import { saveDraft } from "@/server/drafts";
import { enrolledInExercise } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Saves the editor's content (the browser calls this a second after typing stops). */
export const PUT = route()
  .params(exerciseParamsSchema)
  .body(saveDraftRequestSchema, { maxBytes: 1_200_000 })
  .access(enrolledInExercise(({ params }) => params.exerciseId))
  .handle(async ({ grant, body }) => {
    await saveDraft(getDb(), grant.user, grant.exercise.id, body.code);
    return new Response(null, { status: 204 });
  });
