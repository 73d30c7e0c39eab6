import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import type { DeepLinkItem } from "../../contract/http/lti-deep-linking";
import { RequestError } from "../errors";

/** The tag on every line item Pagewise creates, so the tool can tell its gradebook columns from others'. */
export const LINE_ITEM_TAG = "pagewise";

/** A content item of type ltiResourceLink (Deep Linking 2.0, 3.1): a link the LMS places, launching into Pagewise. */
export interface LtiResourceLinkItem {
  type: "ltiResourceLink";
  url: string;
  title: string;
  text: string;
  /** A gradebook column for an exercise (3.1.2): the launches into it carry its AGS endpoint. */
  lineItem?: { scoreMaximum: number; label: string; resourceId: string; tag: string };
}

/** A picked item found in the catalog: its course (which the LMS course gets bound to) and its content item. */
export interface ResolvedItem {
  courseId: string;
  contentItem: LtiResourceLinkItem;
}

/**
 * The picked items as content items, in the order picked; a 404 naming every id that is not in the catalog (an old
 * picker page after a content change, or a hand-made request). Line items go on exercises only, and only when the
 * LMS takes them: a lesson or a course has no score to send.
 */
export async function resolveItems(db: PrismaClient, items: readonly DeepLinkItem[], options: { origin: string; lineItems: boolean }): Promise<ResolvedItem[]> {
  const idsOf = (kind: DeepLinkItem["kind"]) => items.filter((item) => item.kind === kind).map((item) => item.id);
  const [courses, lessons, exercises] = await Promise.all([
    db.course.findMany({ where: { id: { in: idsOf("course") } }, select: { id: true, title: true, summary: true } }),
    db.lesson.findMany({ where: { id: { in: idsOf("lesson") } }, select: { id: true, courseId: true, slug: true, title: true, summary: true } }),
    db.exercise.findMany({ where: { id: { in: idsOf("exercise") } }, select: { id: true, courseId: true, title: true, maxScore: true, lesson: { select: { title: true } } } }),
  ]);
  const found = {
    course: new Map(courses.map((course) => [course.id, course])),
    lesson: new Map(lessons.map((lesson) => [lesson.id, lesson])),
    exercise: new Map(exercises.map((exercise) => [exercise.id, exercise])),
  };
  const url = (...segments: string[]) => `${options.origin}/courses/${segments.map(encodeURIComponent).join("/")}`;
  const resolved: ResolvedItem[] = [];
  const missing: string[] = [];
  for (const item of items) {
    const course = item.kind === "course" ? found.course.get(item.id) : undefined;
    const lesson = item.kind === "lesson" ? found.lesson.get(item.id) : undefined;
    const exercise = item.kind === "exercise" ? found.exercise.get(item.id) : undefined;
    if (course) resolved.push({ courseId: course.id, contentItem: { type: "ltiResourceLink", url: url(course.id), title: course.title, text: course.summary } });
    else if (lesson) resolved.push({ courseId: lesson.courseId, contentItem: { type: "ltiResourceLink", url: url(lesson.courseId, lesson.slug), title: lesson.title, text: lesson.summary } });
    else if (exercise) resolved.push({ courseId: exercise.courseId, contentItem: exerciseItem(exercise, url(exercise.courseId, "exercises", exercise.id), options.lineItems) });
    else missing.push(`${item.kind} "${item.id}"`);
  }
  if (missing.length > 0) throw new RequestError(404, "content_not_found", `Not in the catalog (any more): ${missing.join(", ")}. Reload the page and pick again.`);
  return resolved;
}

function exerciseItem(exercise: { id: string; title: string; maxScore: number; lesson: { title: string } }, url: string, lineItems: boolean): LtiResourceLinkItem {
  return {
    type: "ltiResourceLink",
    url,
    title: exercise.title,
    text: `An exercise of the lesson "${exercise.lesson.title}", worth ${exercise.maxScore} points.`,
    ...(lineItems ? { lineItem: { scoreMaximum: exercise.maxScore, label: exercise.title, resourceId: exercise.id, tag: LINE_ITEM_TAG } } : {}),
  };
}
