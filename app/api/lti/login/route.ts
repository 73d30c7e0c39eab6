import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { LOGIN_TTL_MS, loginInitiationSchema, startLogin } from "@/server/lti/login";
import { renderLtiError } from "@/server/lti/pages";
import { isSecureSite, setStateCookie } from "@/server/lti/state-cookie";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/**
 * OIDC login initiation (LTI Core 1.3, 5.1.1): an LMS sends the browser here, by GET or by a cross-site form post,
 * before every launch. We answer with a redirect to the platform's authorization endpoint, carrying a fresh state
 * and nonce, and bind the state to this browser with a cookie. An unknown platform gets a 400 page that says so.
 */
async function answer(parameters: Record<string, string | undefined>): Promise<Response> {
  const env = getEnv();
  const defined = Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const login = await startLogin(getDb(), env.PUBLIC_URL, defined);
  const headers = new Headers({ location: login.location, "cache-control": "no-store" });
  headers.append("set-cookie", setStateCookie(login.state, LOGIN_TTL_MS / 1000, isSecureSite(env.PUBLIC_URL)));
  return new Response(null, { status: 302, headers });
}

export const GET = route()
  .query(loginInitiationSchema.partial())
  .errorsAs(renderLtiError)
  .access(anyone())
  .handle(async ({ query }) => answer(query));

export const POST = route()
  .crossSiteForm(loginInitiationSchema.partial(), { maxBytes: 16_384 })
  .errorsAs(renderLtiError)
  .access(anyone())
  .handle(async ({ body }) => answer(body));
