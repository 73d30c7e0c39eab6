import "server-only";
import { errors, jwtVerify } from "jose";
import type { PrismaClient } from "../../../generated/prisma/client";
import { CLAIM, MESSAGE_TYPE } from "../../../contract/lti";
import { LtiError } from "../lti-error";
import { unknownDeployment } from "../login";
import { launchClaimsSchema, type LaunchClaims } from "./claims";
import { platformKeySet } from "./platform-keys";

/** Clock difference tolerated between the platform and us, on exp, iat and nbf. */
export const CLOCK_SKEW_SECONDS = 60;
/** An id_token older than this is refused even if the platform gave it a longer life. */
export const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;

export interface LaunchPost {
  idToken: string;
  state: string;
  /** Whether the browser that posted carries the cookie our login set for this state. */
  stateBound: boolean;
}

export interface VerifiedLaunch {
  platform: { id: string; issuer: string; clientId: string; name: string };
  deploymentId: string;
  claims: LaunchClaims;
}

/**
 * Verifies a launch (LTI Core 1.3, 5.1.3; Security Framework 1.0, 5.1.3): the state is one we issued, bound to this
 * browser, unused and fresh; the id_token is signed by the platform that state was issued for (its JWKS), for us
 * (aud, azp), in date, carries the nonce we issued with that state, and names a registered deployment, a message
 * type we handle and LTI 1.3.0. Only then is the login consumed, atomically: a second post of the same id_token
 * (a replay, or a double submit) finds it used. Any failure throws an LtiError and signs no one in.
 */
export async function verifyLaunch(db: PrismaClient, post: LaunchPost, now = new Date()): Promise<VerifiedLaunch> {
  const login = await db.ltiLogin.findUnique({ where: { state: post.state } });
  if (!login) {
    throw new LtiError(400, "unknown_state", "This launch carries a state this site never issued.", "Start the launch from the LMS again; if it keeps failing, the LMS may be posting to the wrong tool.");
  }
  if (login.usedAt) throw replayed();
  if (login.expiresAt <= now) throw new LtiError(400, "login_expired", "This launch took too long: its login expired.", "Open the link in the LMS again.");
  if (!post.stateBound) {
    throw new LtiError(
      400,
      "state_not_bound",
      "This browser did not start this launch (its login cookie is missing).",
      "Browsers that block third-party cookies drop it inside an LMS frame: set the link to open in a new window or tab. The site must be served over https.",
    );
  }
  const platform = await db.ltiPlatform.findUnique({ where: { id: login.platformId }, select: { id: true, issuer: true, clientId: true, name: true, jwksUrl: true } });
  if (!platform) throw new LtiError(400, "unknown_platform", "The LMS this launch began with is no longer registered here.");

  const payload = await verifySignature(post.idToken, platform, now);
  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) throw describeBadClaims(payload, parsed.error.issues);
  const claims = parsed.data;

  if (claims.nonce !== login.nonce) {
    throw new LtiError(401, "nonce_mismatch", "The launch's nonce is not the one this site issued for it.", "The id_token was made for another login: start the launch from the LMS again.");
  }
  const deploymentId = claims[CLAIM.deploymentId];
  const deployment = await db.ltiDeployment.findUnique({ where: { platformId_deploymentId: { platformId: platform.id, deploymentId } } });
  if (!deployment) throw unknownDeployment(deploymentId);
  if (login.deploymentId !== null && login.deploymentId !== deploymentId) {
    throw new LtiError(401, "deployment_mismatch", `The launch names deployment ${deploymentId}, not the ${login.deploymentId} its login named.`);
  }

  const { count } = await db.ltiLogin.updateMany({ where: { state: post.state, usedAt: null }, data: { usedAt: now } });
  if (count === 0) throw replayed();
  return { platform: { id: platform.id, issuer: platform.issuer, clientId: platform.clientId, name: platform.name }, deploymentId, claims };
}

async function verifySignature(idToken: string, platform: { issuer: string; clientId: string; jwksUrl: string }, now: Date) {
  try {
    const { payload } = await jwtVerify(idToken, platformKeySet(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"],
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_ID_TOKEN_AGE_SECONDS,
      requiredClaims: ["exp", "iat", "nonce"],
      currentDate: now,
    });
    // aud may list several audiences; then azp must be present and name us (OIDC Core 3.1.3.7, rules 3 to 5).
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if ((audiences.length > 1 && payload.azp === undefined) || (payload.azp !== undefined && payload.azp !== platform.clientId)) {
      throw new LtiError(401, "wrong_audience", `The launch was made for another tool (azp ${String(payload.azp ?? "missing")}, not ${platform.clientId}).`);
    }
    if (typeof payload.iat === "number" && payload.iat > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) {
      throw new LtiError(401, "issued_in_future", "The launch says it was issued in the future.", "Check the LMS server's clock.");
    }
    return payload;
  } catch (error) {
    throw describeVerificationFailure(error, platform);
  }
}

function describeVerificationFailure(error: unknown, platform: { issuer: string; clientId: string }): LtiError {
  if (error instanceof LtiError) return error;
  if (error instanceof errors.JWTExpired) return new LtiError(401, "expired", "The launch's id_token has expired.", "Open the link in the LMS again; if it keeps failing, check both servers' clocks.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new LtiError(401, "wrong_audience", `The launch was made for another tool, not for client id ${platform.clientId}.`, "Check the client id registered here against the LMS's.");
    if (error.claim === "iss") return new LtiError(401, "wrong_issuer", `The launch was not issued by ${platform.issuer}.`);
    if (error.claim === "iat") return new LtiError(401, "too_old", "The launch's id_token is too old.", "Open the link in the LMS again.");
    return new LtiError(401, "bad_claims", `The launch's id_token failed the ${error.claim} check: ${error.reason}.`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new LtiError(401, "unknown_key", "The launch was signed with a key the LMS does not publish.", "Check the JWKS URL registered for this LMS.");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new LtiError(401, "bad_signature", "The launch's signature does not verify against the LMS's published keys.");
  if (error instanceof errors.JOSEAlgNotAllowed) return new LtiError(401, "bad_algorithm", "The launch was signed with an algorithm this site does not accept.");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) {
    const detail = error instanceof errors.JWKSTimeout ? "the LMS's keys could not be fetched in time" : error.message;
    return new LtiError(401, "unverifiable", `The launch could not be verified: ${detail}.`, "Check the JWKS URL registered for this LMS.");
  }
  return new LtiError(401, "unverifiable", `The launch could not be verified: ${error instanceof Error ? error.message : String(error)}.`);
}

function describeBadClaims(payload: Record<string, unknown>, issues: readonly { path: PropertyKey[]; message: string }[]): LtiError {
  const type = payload[CLAIM.messageType];
  if (type !== MESSAGE_TYPE.resourceLink && type !== MESSAGE_TYPE.deepLinkingRequest) {
    return new LtiError(400, "unsupported_message", `This site handles resource link and deep linking launches, not ${typeof type === "string" ? type.slice(0, 100) : "a launch without a message type"}.`);
  }
  const detail = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join(".").split("/").pop()}: ${issue.message}`).join("; ");
  return new LtiError(400, "bad_claims", `The launch's claims are not valid LTI 1.3 (${detail}).`);
}

function replayed(): LtiError {
  return new LtiError(400, "replayed", "This launch was already used: an id_token signs in once.", "Open the link in the LMS again for a fresh launch.");
}
