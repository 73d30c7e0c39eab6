import { z } from "zod";
import { submissionResponseSchema, type SubmissionResponse } from "../../contract/http/submissions";
import { callApi } from "../api/call-api";

export { ApiError } from "../api/call-api";

export async function submitCode(exerciseId: string, code: string): Promise<SubmissionResponse> {
  return callApi("/api/submissions", submissionResponseSchema, {
    method: "POST",
    body: JSON.stringify({ exerciseId, code }),
  });
}

/** The submission; with waitMs the server answers as soon as grading ends (or after waitMs). */
export async function fetchSubmission(id: string, waitMs = 0): Promise<SubmissionResponse> {
  const path = `/api/submissions/${encodeURIComponent(id)}?waitMs=${waitMs}`;
  return callApi(path, submissionResponseSchema);
}

export async function saveDraft(exerciseId: string, code: string): Promise<void> {
  await callApi(`/api/drafts/${encodeURIComponent(exerciseId)}`, z.undefined(), {
    method: "PUT",
    body: JSON.stringify({ code }),
  });
}

/** The public checks of an exercise for this learner, with the reference's answers (never its code). */
export async function fetchPublicChecks<T>(exerciseId: string, schema: z.ZodType<T>): Promise<T> {
  return callApi(`/api/exercises/${encodeURIComponent(exerciseId)}/public-checks`, schema);
}
