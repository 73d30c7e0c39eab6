import { courseParamsSchema } from "@/contract/http/courses";
import {
  grantExtensionRequestSchema,
  type ExtensionListResponse,
  type ExtensionResponse,
} from "@/contract/http/extensions";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { grantExtension, listExtensions } from "@/server/extensions";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** The course's extensions (instructors and admins). */
export const GET = route()
  .params(courseParamsSchema)
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant }) => {
    const extensions = await listExtensions(getDb(), grant.courseId);
    return Response.json({ extensions } satisfies ExtensionListResponse);
  });

/** Grants a learner one more window on an exercise (201); granting again replaces it. */
export const POST = route()
  .params(courseParamsSchema)
  .body(grantExtensionRequestSchema, { maxBytes: 4_096 })
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, body, clientAddress }) => {
    const extension = await grantExtension(getDb(), grant.courseId, userActor(grant.user, clientAddress), body);
    return Response.json({ extension } satisfies ExtensionResponse, { status: 201 });
  });
