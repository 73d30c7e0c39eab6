import { z } from "zod";

// The contract of the deep-linking picker (/lti/deep-linking/:linkId) and its answer, POST
// /api/lti/deep-linking/:linkId: an instructor who chose "add content" in their LMS picks Pagewise content, and the
// server signs the LtiDeepLinkingResponse the picker then posts back to the LMS (Deep Linking 2.0).

/** `:linkId` in /api/lti/deep-linking/:linkId. */
export const deepLinkParamsSchema = z.object({ linkId: z.string().min(1).max(200) }).strict();

/** What can be picked: a whole course, a lesson (its id, "<course>/<lesson slug>") or an exercise. */
export const deepLinkItemKindSchema = z.enum(["course", "lesson", "exercise"]);
export type DeepLinkItemKind = z.infer<typeof deepLinkItemKindSchema>;

export const deepLinkItemSchema = z.object({ kind: deepLinkItemKindSchema, id: z.string().min(1).max(200) }).strict();
export type DeepLinkItem = z.infer<typeof deepLinkItemSchema>;

/** POST body: the picked items, in the order the LMS should list them. */
export const deepLinkAnswerRequestSchema = z.object({ items: z.array(deepLinkItemSchema).min(1, "pick at least one item").max(500) }).strict();
export type DeepLinkAnswerRequest = z.infer<typeof deepLinkAnswerRequestSchema>;

/**
 * POST answer: where to post the signed response (the request's deep_link_return_url) and the JWT itself. The
 * picker makes the URL a form's action, so it must be a web address (never javascript: or data:).
 */
export const deepLinkAnswerResponseSchema = z.object({ returnUrl: z.url({ protocol: /^https?$/ }), jwt: z.string().min(1) });
export type DeepLinkAnswerResponse = z.infer<typeof deepLinkAnswerResponseSchema>;

/** The catalog as the picker shows it: every course, its modules, their lessons and the lessons' exercises, in order. */
export interface DeepLinkCatalogCourse {
  id: string;
  title: string;
  summary: string;
  modules: {
    id: string;
    title: string;
    lessons: {
      id: string;
      slug: string;
      title: string;
      summary: string;
      exercises: { id: string; title: string; maxScore: number }[];
    }[];
  }[];
}

/** One deep-linking request as its picker page sees it. */
export interface DeepLinkRequestView {
  id: string;
  /** The LMS's name, as registered. */
  platformName: string;
  /** The LMS course it was launched from, when the LMS named one. */
  contextTitle: string | null;
  /** open: waiting for a pick; used: already answered; expired: too old to answer. */
  state: "open" | "used" | "expired";
  /** Whether the LMS takes several items in one answer (otherwise exactly one). */
  acceptMultiple: boolean;
  /** Whether the LMS makes a gradebook column for an exercise (its line item). */
  acceptLineItem: boolean;
  /** Whether the LMS takes LTI resource links at all (the only item type Pagewise returns). */
  acceptsResourceLinks: boolean;
  /** ISO-8601. */
  expiresAt: string;
}
