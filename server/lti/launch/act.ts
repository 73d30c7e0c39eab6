import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../../generated/prisma/client";
import { CLAIM, SCOPE } from "../../../contract/lti";
import { recordAudit } from "../../audit/record";
import { isCourseStaff } from "../../courses";
import { LtiError } from "../lti-error";
import { learnPlatformOrigins } from "../platforms";
import { courseRoleFromLti, enrollFromLti, findOrCreateLtiUser } from "../users";
import type { DeepLinkingClaims, ResourceLinkClaims } from "./claims";
import { resolveTarget } from "./target";
import type { VerifiedLaunch } from "./verify";

/** How long an instructor has to pick content after a deep-linking launch. */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;

export interface LaunchOutcome {
  userId: string;
  /** Where the browser goes next: the target link, or the deep-linking picker. */
  redirectTo: string;
}

/**
 * What a verified launch does: finds or creates the user the platform names, then
 * - a resource link: enrolls them in the target's course with the role the LMS gives (instructors and teaching
 *   assistants become course staff, recorded in the audit log), binds the LMS course to it (roster pulls), and for a
 *   learner launching an exercise with a line item, keeps where their grade goes (AGS);
 * - a deep-linking request (instructors only): stores the request for the picker.
 * All in one transaction; the caller signs the user in only after it commits.
 */
export async function actOnLaunch(db: PrismaClient, publicUrl: string, launch: VerifiedLaunch): Promise<LaunchOutcome> {
  const { claims } = launch;
  const sub = claims.sub;
  if (sub === undefined) throw new LtiError(400, "anonymous_launch", "The LMS launched without saying who the user is (no sub), and this site needs to know.", "Set the tool's privacy level so the LMS sends the user's id.");
  const nrps = claims[CLAIM.nrps];
  await learnPlatformOrigins(db, launch.platform.id, [
    claims[CLAIM.ags]?.lineitem,
    claims[CLAIM.ags]?.lineitems,
    nrps?.context_memberships_url,
    CLAIM.deepLinkingSettings in claims ? (claims as DeepLinkingClaims)[CLAIM.deepLinkingSettings].deep_link_return_url : undefined,
  ]);
  if (CLAIM.deepLinkingSettings in claims) return deepLinkingLaunch(db, launch, claims as DeepLinkingClaims, sub);
  return resourceLaunch(db, publicUrl, launch, claims as ResourceLinkClaims, sub);
}

async function resourceLaunch(db: PrismaClient, publicUrl: string, launch: VerifiedLaunch, claims: ResourceLinkClaims, sub: string): Promise<LaunchOutcome> {
  const target = await resolveTarget(db, publicUrl, claims[CLAIM.targetLinkUri]);
  const role = courseRoleFromLti(claims[CLAIM.roles]);
  const context = claims[CLAIM.context];
  const ags = claims[CLAIM.ags];
  const nrps = claims[CLAIM.nrps];
  const userId = await db.$transaction(async (tx) => {
    const { userId } = await findOrCreateLtiUser(tx, { issuer: launch.platform.issuer, sub, name: claims.name, email: claims.email });
    await refuseDisabled(tx, userId);
    if (target.courseId === null) return userId;
    const change = await enrollFromLti(tx, userId, target.courseId, role);
    if (change !== "unchanged" && isCourseStaff(role)) {
      await recordAudit(tx, { kind: "platform" }, {
        action: "staff.add",
        targetType: "user",
        targetId: userId,
        courseId: target.courseId,
        after: { role, via: "lti", platform: launch.platform.name, issuer: launch.platform.issuer, context: context?.id ?? null },
      });
    }
    if (context) {
      await tx.ltiContext.upsert({
        where: { platformId_contextId_courseId: { platformId: launch.platform.id, contextId: context.id, courseId: target.courseId } },
        create: { platformId: launch.platform.id, deploymentId: launch.deploymentId, contextId: context.id, title: context.title ?? context.label ?? context.id, courseId: target.courseId, membershipsUrl: nrps?.context_memberships_url ?? null },
        update: { deploymentId: launch.deploymentId, title: context.title ?? context.label ?? context.id, ...(nrps ? { membershipsUrl: nrps.context_memberships_url } : {}) },
      });
    }
    // A grade goes back only for an exercise launched by a learner through a link with a line item and the score scope.
    if (target.exerciseId !== null && role === "learner" && ags?.lineitem && ags.scope.includes(SCOPE.score)) {
      await tx.ltiGradeLink.upsert({
        where: { userId_exerciseId_lineItemUrl: { userId, exerciseId: target.exerciseId, lineItemUrl: ags.lineitem } },
        create: { userId, exerciseId: target.exerciseId, platformId: launch.platform.id, sub, lineItemUrl: ags.lineitem, scopes: JSON.stringify(ags.scope) },
        update: { platformId: launch.platform.id, sub, scopes: JSON.stringify(ags.scope) },
      });
    }
    return userId;
  });
  return { userId, redirectTo: target.url.toString() };
}

async function deepLinkingLaunch(db: PrismaClient, launch: VerifiedLaunch, claims: DeepLinkingClaims, sub: string): Promise<LaunchOutcome> {
  if (courseRoleFromLti(claims[CLAIM.roles]) !== "instructor") {
    throw new LtiError(403, "not_instructor", "Only the LMS course's instructors can add Pagewise content to it.");
  }
  const settings = claims[CLAIM.deepLinkingSettings];
  if (!settings.accept_types.includes("ltiResourceLink")) {
    throw new LtiError(400, "unsupported_content", "The LMS asked for content other than LTI links, which is all Pagewise offers.", "Use a placement that accepts LTI resource links (Canvas: link or assignment selection).");
  }
  const context = claims[CLAIM.context];
  const linkId = randomBytes(18).toString("base64url");
  const userId = await db.$transaction(async (tx) => {
    const { userId } = await findOrCreateLtiUser(tx, { issuer: launch.platform.issuer, sub, name: claims.name, email: claims.email });
    await refuseDisabled(tx, userId);
    await tx.ltiDeepLink.create({
      data: {
        id: linkId,
        platformId: launch.platform.id,
        deploymentId: launch.deploymentId,
        userId,
        returnUrl: settings.deep_link_return_url,
        data: settings.data ?? null,
        settings: JSON.stringify(settings),
        contextId: context?.id ?? null,
        contextTitle: context?.title ?? context?.label ?? null,
        membershipsUrl: claims[CLAIM.nrps]?.context_memberships_url ?? null,
        expiresAt: new Date(Date.now() + DEEP_LINK_TTL_MS),
      },
    });
    return userId;
  });
  return { userId, redirectTo: `/lti/deep-linking/${linkId}` };
}

async function refuseDisabled(tx: Pick<PrismaClient, "user">, userId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  if (user?.disabledAt) throw new LtiError(403, "account_disabled", "This account has been disabled by an administrator of this site.");
}
