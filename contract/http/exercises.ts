import { z } from "zod";

/** `:exerciseId` in /api/exercises/:exerciseId/... and /api/drafts/:exerciseId. */
export const exerciseParamsSchema = z.object({ exerciseId: z.string().min(1).max(100) }).strict();

/** PUT /api/drafts/:exerciseId: the editor's content (204, no body). The exercise's own code limit applies too. */
export const saveDraftRequestSchema = z.object({ code: z.string().max(1_048_576) }).strict();
export type SaveDraftRequest = z.infer<typeof saveDraftRequestSchema>;
