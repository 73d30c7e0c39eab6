import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../../generated/prisma/client";
import { toolConfiguration } from "../../contract/lti";
import { LtiError } from "./lti-error";

/** How long a login may take between our redirect to the platform and its form post back to us. */
export const LOGIN_TTL_MS = 10 * 60 * 1000;

/** The OIDC third-party login initiation parameters (LTI Core 1.3, 5.1.1; Security Framework 1.0, 5.1.1.1). */
export const loginInitiationSchema = z.object({
  iss: z.string().min(1).max(2_000),
  login_hint: z.string().min(1).max(4_000),
  target_link_uri: z.string().min(1).max(4_000),
  lti_message_hint: z.string().max(8_000).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
  client_id: z.string().min(1).max(255).optional(),
});
export type LoginInitiation = z.infer<typeof loginInitiationSchema>;

export interface LoginRedirect {
  /** The platform's authorization endpoint with the authentication request in its query. */
  location: string;
  state: string;
  expiresAt: Date;
}

/**
 * Answers a platform's login initiation: finds the registration, checks that the target is a page of this site
 * (never an open redirect), stores a fresh state and nonce, and returns the authentication request to send the
 * browser to (Security Framework 1.0, 5.1.1.2: scope openid, response_type id_token, response_mode form_post,
 * prompt none). The caller binds the state to the browser with a cookie.
 */
export async function startLogin(db: PrismaClient, publicUrl: string, raw: Record<string, string>, now = new Date()): Promise<LoginRedirect> {
  const parsed = loginInitiationSchema.safeParse(raw);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new LtiError(400, "bad_login_request", `The LMS's login request is incomplete or malformed (${missing}).`, "The LMS must send iss, login_hint and target_link_uri.");
  }
  const request = parsed.data;
  const platform = await findPlatform(db, request.iss, request.client_id);
  if (request.lti_deployment_id !== undefined) {
    const deployment = await db.ltiDeployment.findUnique({ where: { platformId_deploymentId: { platformId: platform.id, deploymentId: request.lti_deployment_id } } });
    if (!deployment) throw unknownDeployment(request.lti_deployment_id);
  }
  requireOwnPage(publicUrl, request.target_link_uri);

  const state = randomToken();
  const nonce = randomToken();
  const expiresAt = new Date(now.getTime() + LOGIN_TTL_MS);
  await db.ltiLogin.create({
    data: { state, nonce, platformId: platform.id, deploymentId: request.lti_deployment_id ?? null, targetLinkUri: request.target_link_uri, createdAt: now, expiresAt },
  });
  // Logins nobody finished are of no use once expired; sweeping a few here keeps the table small without a timer.
  await db.ltiLogin.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - LOGIN_TTL_MS) } } });

  const location = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: toolConfiguration(publicUrl).launchUrl,
    login_hint: request.login_hint,
    state,
    nonce,
    ...(request.lti_message_hint !== undefined ? { lti_message_hint: request.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(query)) location.searchParams.set(name, value);
  return { location: location.toString(), state, expiresAt };
}

/**
 * The registration an initiation names: by issuer and client id; an issuer alone is enough only when it has one
 * registration (client_id is optional in the initiation, and a platform that registered us twice must send it).
 */
async function findPlatform(db: PrismaClient, issuer: string, clientId: string | undefined) {
  const candidates = await db.ltiPlatform.findMany({ where: { issuer, ...(clientId !== undefined ? { clientId } : {}) } });
  if (candidates.length === 0) {
    throw new LtiError(
      400,
      "unknown_platform",
      clientId === undefined ? `No LMS with the issuer ${issuer} is registered here.` : `No LMS with the issuer ${issuer} and client id ${clientId} is registered here.`,
      "Register the LMS with npm run lti:register or on the admin page /admin/lti, with exactly the issuer and client id the LMS shows.",
    );
  }
  if (candidates.length > 1) {
    throw new LtiError(400, "ambiguous_platform", `The issuer ${issuer} is registered more than once here, and the LMS did not say which registration (client_id).`, "Configure the LMS to send client_id in its login request.");
  }
  return candidates[0]!;
}

export function unknownDeployment(deploymentId: string): LtiError {
  return new LtiError(400, "unknown_deployment", `The LMS deployment ${deploymentId} is not registered here.`, "Add it with npm run lti:register (same issuer and client id, this deployment id).");
}

/** A target link must be a page of this site: anything else would make the login an open redirect. */
export function requireOwnPage(publicUrl: string, target: string): URL {
  const origin = new URL(publicUrl).origin;
  const url = URL.canParse(target) ? new URL(target) : null;
  if (!url || url.origin !== origin) {
    throw new LtiError(400, "foreign_target", `The link's target ${target.slice(0, 200)} is not a page of this site (${origin}).`, "Link to a Pagewise page, e.g. a course or an exercise URL.");
  }
  return url;
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}
