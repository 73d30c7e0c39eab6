import { extensionParamsSchema } from "@/contract/http/extensions";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { revokeExtension } from "@/server/extensions";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Revokes an extension (204): the learner is back on the exercise's own windows. */
export const DELETE = route()
  .params(extensionParamsSchema)
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, params, clientAddress }) => {
    await revokeExtension(getDb(), grant.courseId, userActor(grant.user, clientAddress), params.extensionId);
    return new Response(null, { status: 204 });
  });
