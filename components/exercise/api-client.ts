import { z } from "zod";
import { submissionDtoSchema, type SubmissionDto } from "./types";

/** Thrown for a non-2xx answer, with the server's own sentence for the learner. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the API and validates the answer; a non-2xx answer becomes an ApiError with the server's message. */
async function call<T>(input: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.");
  }
  if (response.status === 204) return schema.parse(undefined);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new ApiError(response.status, message ?? `The server answered HTTP ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, "The server's answer was not understood. Reload the page and try again.");
  return parsed.data;
}

const submissionEnvelope = z.object({ submission: submissionDtoSchema });

export async function submitCode(exerciseId: string, code: string): Promise<SubmissionDto> {
  const body = await call("/api/submissions", submissionEnvelope, { method: "POST", body: JSON.stringify({ exerciseId, code }) });
  return body.submission;
}

/** The submission; with waitMs the server answers as soon as grading ends (or after waitMs). */
export async function fetchSubmission(id: string, waitMs = 0): Promise<SubmissionDto> {
  return (await call(`/api/submissions/${encodeURIComponent(id)}?waitMs=${waitMs}`, submissionEnvelope)).submission;
}

export async function saveDraft(exerciseId: string, code: string): Promise<void> {
  await call(`/api/drafts/${encodeURIComponent(exerciseId)}`, z.undefined(), { method: "PUT", body: JSON.stringify({ code }) });
}

/** The public checks of an exercise for this learner, with the reference's answers (never its code). */
export async function fetchPublicChecks<T>(exerciseId: string, schema: z.ZodType<T>): Promise<T> {
  return call(`/api/exercises/${encodeURIComponent(exerciseId)}/public-checks`, schema);
}
