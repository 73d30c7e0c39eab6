import { z } from "zod";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { actOnLaunch } from "@/server/lti/launch/act";
import { verifyLaunch } from "@/server/lti/launch/verify";
import { LtiError } from "@/server/lti/lti-error";
import { renderLtiError } from "@/server/lti/pages";
import { signInForLaunch } from "@/server/lti/sign-in";
import { clearStateCookie, hasStateCookie, isSecureSite } from "@/server/lti/state-cookie";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** What a platform posts to the redirect URI: the id_token and our state, or an authentication error (OIDC Core 3.2.2.6). */
const launchPostSchema = z.object({
  id_token: z.string().max(60_000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2_000).optional(),
});

/**
 * The launch (LTI Core 1.3, 5.1.3): the platform's cross-site form post with the signed id_token. Verified in full
 * (server/lti/launch/verify.ts) before anyone is signed in; then the user is found or created, enrolled, signed in
 * and sent (303) to the target link, or to the deep-linking picker. Every failure is a 4xx page naming it.
 */
export const POST = route()
  .crossSiteForm(launchPostSchema, { maxBytes: 64_000 })
  .errorsAs(renderLtiError)
  .access(anyone())
  .handle(async ({ body, request, clientAddress }) => {
    const env = getEnv();
    const secure = isSecureSite(env.PUBLIC_URL);
    if (body.error !== undefined) {
      throw new LtiError(400, "platform_refused", `The LMS refused to launch: ${body.error}${body.error_description ? ` (${body.error_description})` : ""}.`, "Check that you are signed in to the LMS and that the tool is enabled there.");
    }
    if (!body.id_token || !body.state) throw new LtiError(400, "bad_launch_request", "The launch is missing its id_token or state.");
    const db = getDb();
    const launch = await verifyLaunch(db, { idToken: body.id_token, state: body.state, stateBound: hasStateCookie(request.headers.get("cookie"), body.state, secure) });
    const outcome = await actOnLaunch(db, env.PUBLIC_URL, launch);
    const { cookie } = await signInForLaunch(outcome.userId, { address: clientAddress, userAgent: request.headers.get("user-agent") });
    const headers = new Headers({ location: new URL(outcome.redirectTo, env.PUBLIC_URL).toString(), "cache-control": "no-store" });
    headers.append("set-cookie", cookie);
    headers.append("set-cookie", clearStateCookie(body.state, secure));
    return new Response(null, { status: 303, headers });
  });
