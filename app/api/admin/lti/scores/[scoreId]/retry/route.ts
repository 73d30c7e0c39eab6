import { retryScoreRequestSchema, scoreParamsSchema, type RetryScoreResponse } from "@/contract/http/lti";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { announceScoresQueued } from "@/server/lti/ags/queue-score";
import { retryScoreDelivery } from "@/server/lti/ags/retry";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Sends a failed LMS grade delivery again: pending, due now (404 unknown, 409 not failed). */
export const POST = route()
  .params(scoreParamsSchema)
  .body(retryScoreRequestSchema, { maxBytes: 1_024, allowEmpty: true })
  .access(admin())
  .handle(async ({ grant, params, clientAddress }) => {
    await retryScoreDelivery(getDb(), userActor(grant.user, clientAddress), params.scoreId);
    // Committed: this process's deliverer (if it grades) sends it now; others find it at their next poll.
    announceScoresQueued();
    return Response.json({ scoreId: params.scoreId, state: "pending" } satisfies RetryScoreResponse);
  });
