import "server-only";
import type { LessonLink } from "../contract/course-path";
import type { PrismaClient } from "../generated/prisma/client";

/** The lessons before and after this one in course order (module, then lesson position). */
export async function findNeighbourLessons(
  db: PrismaClient,
  courseId: string,
  lessonSlug: string,
): Promise<{ previous: LessonLink | null; next: LessonLink | null }> {
  const lessons = await db.lesson.findMany({
    where: { courseId },
    orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
    select: { slug: true, title: true, module: { select: { title: true } } },
  });
  const index = lessons.findIndex((lesson) => lesson.slug === lessonSlug);
  const link = (i: number): LessonLink | null => {
    const lesson = index >= 0 ? lessons[i] : undefined;
    return lesson ? { slug: lesson.slug, title: lesson.title, moduleTitle: lesson.module.title } : null;
  };
  return { previous: link(index - 1), next: link(index + 1) };
}
