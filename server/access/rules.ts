import "server-only";
import type { AccessWindows } from "../../contract/access";
import { getCourses } from "../content/repository";

/** What content/ says about an exercise's access: its windows (resolved through module and course) and the grace budget. */
export interface AccessRules {
  courseId: string;
  exerciseId: string;
  /** null: always open at 100%. */
  windows: AccessWindows | null;
  /** The course's graceDays (0: none). */
  graceDays: number;
}

/** The access rules of every exercise of the course, by exercise id (empty for an unknown course). */
export async function courseAccessRules(courseId: string): Promise<Map<string, AccessRules>> {
  const rules = new Map<string, AccessRules>();
  const course = (await getCourses()).find((c) => c.id === courseId);
  for (const module of course?.modules ?? [])
    for (const lesson of module.lessons)
      for (const exercise of lesson.exercises)
        rules.set(exercise.id, { courseId, exerciseId: exercise.id, windows: exercise.access, graceDays: course?.graceDays ?? 0 });
  return rules;
}

/** The course's grace-day budget (course.json graceDays; 0 for none, or for an unknown course). */
export async function courseGraceDays(courseId: string): Promise<number> {
  return (await getCourses()).find((c) => c.id === courseId)?.graceDays ?? 0;
}

/**
 * One exercise's access rules. An exercise the database knows but content/ no longer has (removed from the course)
 * is closed: it has nothing to grade against.
 */
export async function exerciseAccessRules(courseId: string, exerciseId: string): Promise<AccessRules | null> {
  return (await courseAccessRules(courseId)).get(exerciseId) ?? null;
}
