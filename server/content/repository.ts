import path from "node:path";
import { loadCourses } from "../../content/kit/course-loader";
import { envSchema } from "../env-schema";
import type { LoadedCourse, LoadedExercise, LoadedLesson } from "../../content/kit/course-schema";

/**
 * Where courses live: $CONTENT_ROOT, else the repository's content/ folder (next start, the seed and tests run from
 * the root). Read when asked, so a script or test that sets it first is obeyed.
 */
export function contentRoot(): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), envSchema.shape.CONTENT_ROOT.parse(process.env.CONTENT_ROOT) ?? "content");
}

let cached: Promise<LoadedCourse[]> | undefined;

/**
 * The course tree from content/. Loaded once per process in production; re-read on every call in
 * development so an edited lesson shows up on reload. A broken tree throws, naming the file.
 */
export function getCourses(): Promise<LoadedCourse[]> {
  if (process.env.NODE_ENV === "development") return loadCourses(contentRoot());
  cached ??= loadCourses(contentRoot()).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** A lesson with the title of its course (the breadcrumb names it), or null. */
export async function findLesson(courseId: string, lessonSlug: string): Promise<{ courseTitle: string; lesson: LoadedLesson } | null> {
  const course = (await getCourses()).find((c) => c.id === courseId);
  for (const module of course?.modules ?? []) {
    const lesson = module.lessons.find((l) => l.slug === lessonSlug);
    if (course && lesson) return { courseTitle: course.title, lesson };
  }
  return null;
}

export async function findExercise(exerciseId: string): Promise<LoadedExercise | null> {
  for (const course of await getCourses())
    for (const module of course.modules)
      for (const lesson of module.lessons) {
        const exercise = lesson.exercises.find((e) => e.id === exerciseId);
        if (exercise) return exercise;
      }
  return null;
}
