import "server-only";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client";
import type { DeepLinkAnswerResponse, DeepLinkCatalogCourse, DeepLinkItem, DeepLinkRequestView } from "../../contract/http/lti-deep-linking";
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from "../../contract/lti";
import { RequestError } from "../errors";
import { resolveItems } from "./deep-link-items";
import { acceptsResourceLinks, parseDeepLinkSettings } from "./deep-link-settings";
import { signAsTool } from "./keys";

// Deep Linking 2.0 as a tool: the launch stored the instructor's LtiDeepLinkingRequest (an LtiDeepLink row) and sent
// them to the picker; what they pick comes back here and leaves as a signed LtiDeepLinkingResponse, which the picker
// posts to the LMS's return URL. One request is answered once: the row is marked used as the answer is made.

/** A deep-linking response lives this long: long enough to be posted back at once, short enough not to be replayed. */
const RESPONSE_LIFETIME_SECONDS = 5 * 60;

/** The whole catalog for the picker: courses, their modules, lessons and exercises, in course order. */
export async function deepLinkingCatalog(db: PrismaClient): Promise<DeepLinkCatalogCourse[]> {
  const byPosition = { orderBy: { position: "asc" } } as const;
  return db.course.findMany({
    ...byPosition,
    select: {
      id: true,
      title: true,
      summary: true,
      modules: {
        ...byPosition,
        select: {
          id: true,
          title: true,
          lessons: {
            ...byPosition,
            select: { id: true, slug: true, title: true, summary: true, exercises: { ...byPosition, select: { id: true, title: true, maxScore: true } } },
          },
        },
      },
    },
  });
}

/**
 * The request for its picker page, or null when there is none or it is someone else's: only the instructor who
 * launched it may answer it, and to anyone else it does not exist.
 */
export async function findOwnDeepLink(db: PrismaClient, linkId: string, userId: string, now = new Date()): Promise<DeepLinkRequestView | null> {
  const link = await db.ltiDeepLink.findUnique({ where: { id: linkId } });
  if (!link || link.userId !== userId) return null;
  const platform = await db.ltiPlatform.findUnique({ where: { id: link.platformId }, select: { name: true } });
  if (!platform) return null;
  const settings = parseDeepLinkSettings(link.settings);
  return {
    id: link.id,
    platformName: platform.name,
    contextTitle: link.contextTitle,
    state: link.usedAt ? "used" : link.expiresAt <= now ? "expired" : "open",
    acceptMultiple: settings.acceptMultiple,
    acceptLineItem: settings.acceptLineItem,
    acceptsResourceLinks: acceptsResourceLinks(settings),
    expiresAt: link.expiresAt.toISOString(),
  };
}

export interface DeepLinkAnswer {
  linkId: string;
  /** The signed-in user answering: must be the instructor who launched the request. */
  userId: string;
  items: readonly DeepLinkItem[];
  /** Our public URL (PUBLIC_URL): the content items' links are its pages. */
  publicUrl: string;
}

/**
 * Answers a deep-linking request with the picked items: 404 for an unknown request, 403 for someone else's, 410 once
 * it is used or expired; 422 when the LMS takes one item and more were picked, or takes no resource links; 404 for an
 * item not in the catalog. Returns the LMS's return URL and the signed LtiDeepLinkingResponse (Deep Linking 2.0,
 * 4.2): iss our client id, aud the platform's issuer, a fresh nonce, five minutes to live, the request's deployment
 * and `data` echoed. The request is marked used and, when it came from an LMS course, that course is bound to the
 * picked items' Pagewise course(s), so its learners' launches and its roster land there.
 */
export async function answerDeepLink(db: PrismaClient, answer: DeepLinkAnswer, now = new Date()): Promise<DeepLinkAnswerResponse> {
  const link = await db.ltiDeepLink.findUnique({ where: { id: answer.linkId } });
  if (!link) throw new RequestError(404, "deep_link_not_found", "There is no such content request. Start again from your LMS.");
  if (link.userId !== answer.userId) throw new RequestError(403, "not_your_deep_link", "This content request was started by someone else. Start your own from your LMS.");
  if (link.usedAt) throw new RequestError(410, "deep_link_used", "This content request was already answered. To add more, choose \"add content\" in your LMS again.");
  if (link.expiresAt <= now) throw new RequestError(410, "deep_link_expired", "This content request has expired. Choose \"add content\" in your LMS again.");
  const platform = await db.ltiPlatform.findUnique({ where: { id: link.platformId }, select: { issuer: true, clientId: true } });
  if (!platform) throw new RequestError(410, "platform_gone", "The LMS this request came from is no longer registered with Pagewise.");

  // The picker makes the return URL a form's action: a web address only, whatever the launch stored.
  if (!URL.canParse(link.returnUrl) || !["https:", "http:"].includes(new URL(link.returnUrl).protocol)) {
    throw new RequestError(422, "bad_return_url", "The LMS gave no web address to send the content to. Start again from your LMS.");
  }
  const settings = parseDeepLinkSettings(link.settings);
  if (!acceptsResourceLinks(settings)) throw new RequestError(422, "links_not_accepted", "Your LMS does not accept links to a tool here, so Pagewise has nothing it can add. Try another place in the LMS.");
  const items = distinct(answer.items);
  if (items.length > 1 && !settings.acceptMultiple) throw new RequestError(422, "one_item_only", `Your LMS takes one item here; ${items.length} were picked.`);
  const resolved = await resolveItems(db, items, { origin: new URL(answer.publicUrl).origin, lineItems: settings.acceptLineItem });

  const jwt = await signAsTool(
    db,
    {
      iss: platform.clientId,
      aud: platform.issuer,
      nonce: randomUUID(),
      [CLAIM.deploymentId]: link.deploymentId,
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deepLinkingContentItems]: resolved.map((item) => item.contentItem),
      [CLAIM.deepLinkingMessage]: resolved.length === 1 ? "Added 1 item from Pagewise." : `Added ${resolved.length} items from Pagewise.`,
      ...(link.data !== null ? { [CLAIM.deepLinkingData]: link.data } : {}),
    },
    { expiresInSeconds: RESPONSE_LIFETIME_SECONDS },
  );

  // Signed before the transaction, so nothing slow runs while it holds the write lock; a JWT whose request turns out
  // to be used meanwhile (a double click, a second tab) is thrown away.
  await db.$transaction(async (tx) => {
    const claimed = await tx.ltiDeepLink.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new RequestError(410, "deep_link_used", "This content request was already answered. To add more, choose \"add content\" in your LMS again.");
    if (link.contextId === null) return;
    for (const courseId of new Set(resolved.map((item) => item.courseId))) {
      // The roster service's URL came with the deep-linking launch; a platform that sent none there may have sent it
      // with an earlier launch from the same LMS course (a sibling binding).
      const sibling = link.membershipsUrl
        ? { membershipsUrl: link.membershipsUrl }
        : await tx.ltiContext.findFirst({ where: { platformId: link.platformId, contextId: link.contextId, membershipsUrl: { not: null } }, orderBy: { updatedAt: "desc" }, select: { membershipsUrl: true } });
      const title = link.contextTitle ?? link.contextId;
      await tx.ltiContext.upsert({
        where: { platformId_contextId_courseId: { platformId: link.platformId, contextId: link.contextId, courseId } },
        create: { platformId: link.platformId, deploymentId: link.deploymentId, contextId: link.contextId, title, courseId, membershipsUrl: sibling?.membershipsUrl ?? null },
        update: { deploymentId: link.deploymentId, ...(link.contextTitle ? { title: link.contextTitle } : {}), ...(link.membershipsUrl ? { membershipsUrl: link.membershipsUrl } : {}) },
      });
    }
  });
  return { returnUrl: link.returnUrl, jwt };
}

/** The items without repeats (a double-ticked box), first occurrence kept. */
function distinct(items: readonly DeepLinkItem[]): DeepLinkItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.kind}\u0000${item.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
