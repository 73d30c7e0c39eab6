import {
  listSubmissionsQuerySchema,
  submitRequestSchema,
  type SubmissionListResponse,
  type SubmissionResponse,
} from "@/contract/http/submissions";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { getGrading } from "@/server/grading";
import { waitingBefore } from "@/server/grading/waiting-before";
import { enrolledInExercise } from "@/server/route/access";
import { route } from "@/server/route/define-route";
import { submissionLimits } from "@/server/route/named-limits";
import { createSubmission, listOwnSubmissions, toSubmissionView } from "@/server/submissions";

/** Accepts code for grading: 202 with the queued submission; the browser long-polls GET /api/submissions/:id. */
export const POST = route()
  .body(submitRequestSchema, { maxBytes: 1_200_000 })
  .access(enrolledInExercise(({ body }) => body.exerciseId))
  .limit(({ grant }) => submissionLimits(grant.user.id))
  .handle(async ({ grant, body }) => {
    const { queue } = await getGrading();
    const submission = await createSubmission(getDb(), queue, grant.user, grant.exercise, body, getEnv().SUBMISSIONS_IN_FLIGHT_PER_LEARNER, { courseRole: grant.courseRole });
    const response: SubmissionResponse = { submission: toSubmissionView(submission), waitingBefore: await waitingBefore(getDb(), submission) };
    return Response.json(response, { status: 202 });
  });

/** The signed-in learner's submissions for one exercise (?exerciseId=...), newest first. */
export const GET = route()
  .query(listSubmissionsQuerySchema)
  .access(enrolledInExercise(({ query }) => query.exerciseId))
  .handle(async ({ grant }) => {
    const submissions = await listOwnSubmissions(getDb(), grant.user.id, grant.exercise.id);
    return Response.json({ submissions } satisfies SubmissionListResponse);
  });
