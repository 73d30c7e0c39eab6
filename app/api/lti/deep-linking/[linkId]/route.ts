import { deepLinkAnswerRequestSchema, deepLinkParamsSchema, type DeepLinkAnswerResponse } from "@/contract/http/lti-deep-linking";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { answerDeepLink } from "@/server/lti/deep-linking";
import { signedIn } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/**
 * Answers a deep-linking request with the picked items: the signed LtiDeepLinkingResponse and the LMS's return URL,
 * which the picker posts it to. Only the instructor who launched the request may answer it (answerDeepLink checks).
 */
export const POST = route()
  .params(deepLinkParamsSchema)
  .body(deepLinkAnswerRequestSchema, { maxBytes: 64 * 1024 })
  .access(signedIn())
  .handle(async ({ params, body, grant }) => {
    const answer = await answerDeepLink(getDb(), { linkId: params.linkId, userId: grant.user.id, items: body.items, publicUrl: getEnv().PUBLIC_URL });
    return Response.json(answer satisfies DeepLinkAnswerResponse);
  });
