import type { z } from "zod";
import { retrySubmissionRequestSchema, submissionParamsSchema, type retrySubmissionResponseSchema } from "@/contract/http/admin";
import { retryFailedSubmission } from "@/server/admin/retry";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { getGrading } from "@/server/grading";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Queues a submission the platform failed for another grading (202). */
export const POST = route()
  .params(submissionParamsSchema)
  .body(retrySubmissionRequestSchema, { maxBytes: 1_024, allowEmpty: true })
  .access(admin())
  .handle(async ({ grant, params, clientAddress }) => {
    const { queue } = await getGrading();
    await retryFailedSubmission(getDb(), queue, userActor(grant.user, clientAddress), params.submissionId);
    return Response.json({ submissionId: params.submissionId, status: "queued" } satisfies z.infer<typeof retrySubmissionResponseSchema>, { status: 202 });
  });
