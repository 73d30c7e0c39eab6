import { z } from "zod";
import { gradeResultSchema } from "../grade-result";

// The contract of /api/submissions: the route validates requests with these schemas, the browser validates
// responses with them. Change a field here and both sides see it.

/** POST /api/submissions. Size is checked against the exercise's own limit on the server too. */
export const submitRequestSchema = z
  .object({
    exerciseId: z.string().min(1).max(100),
    code: z.string().max(1_048_576, "code is larger than 1 MB"),
  })
  .strict();
export type SubmitRequest = z.infer<typeof submitRequestSchema>;

/** GET /api/submissions?exerciseId=...: the signed-in learner's submissions for one exercise. */
export const listSubmissionsQuerySchema = z.object({ exerciseId: z.string().min(1).max(100) }).strict();

/** `:submissionId` in /api/submissions/:submissionId. */
export const submissionParamsSchema = z.object({ submissionId: z.string().min(1).max(100) }).strict();

/** ?waitMs=N (at most 10 s): answer as soon as grading ends instead of at once (a long poll). */
export const submissionWaitQuerySchema = z
  .object({ waitMs: z.coerce.number().int().min(0).max(10_000).default(0) })
  .strict();

export const submissionStatusSchema = z.enum(["queued", "running", "graded", "failed"]);
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;
/** The statuses grading ends in: a submission in one of them never changes again. */
export const FINAL_SUBMISSION_STATUSES: readonly SubmissionStatus[] = ["graded", "failed"];

/** Why a submission earns its credit (content/kit/access.ts). */
export const creditReasonSchema = z.enum(["always_open", "on_time", "late", "extension", "grace"]);
export type CreditReasonView = z.infer<typeof creditReasonSchema>;

/** What the learner's browser receives about one submission (never hidden inputs or the seed of hidden checks). */
export const submissionViewSchema = z.object({
  id: z.string(),
  exerciseId: z.string(),
  status: submissionStatusSchema,
  /** What the checks gave, before credit; null until graded. */
  rawScore: z.number().nullable(),
  /** Percent of rawScore the submission keeps, decided when it was accepted (its access window). */
  credit: z.number().int().min(0).max(100),
  creditReason: creditReasonSchema,
  /** The access window (0-based) it was accepted in; null with no windows or past the last (an extension). */
  windowIndex: z.number().int().min(0).nullable(),
  /** Grace days this submission needed (creditReason "grace"). */
  graceDays: z.number().int().min(0),
  /** rawScore x credit / 100: what counts. */
  score: z.number().nullable(),
  /** The score before the latest regrade that changed it ("regraded: 7 -> 9"); null when none did. */
  regradedFrom: z.number().nullable(),
  maxScore: z.number(),
  message: z.string().nullable(),
  result: gradeResultSchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  code: z.string(),
});
export type SubmissionView = z.infer<typeof submissionViewSchema>;

/** The body of POST (202) and GET /api/submissions/:id (200). */
export const submissionResponseSchema = z.object({
  submission: submissionViewSchema,
  /**
   * While the submission is queued: how many submissions, anyone's, were queued before it (its wait, in words). The
   * queue takes every learner's first submission before anyone's second, so it may go sooner. Absent otherwise.
   */
  waitingBefore: z.number().int().min(0).optional(),
});
export type SubmissionResponse = z.infer<typeof submissionResponseSchema>;

/** The body of GET /api/submissions?exerciseId=..., newest first. */
export const submissionListResponseSchema = z.object({ submissions: z.array(submissionViewSchema) });
export type SubmissionListResponse = z.infer<typeof submissionListResponseSchema>;
