import type {
  CoursePath,
  ExerciseOnPath,
  LessonOnPath,
  ModuleOnPath,
  NextStep,
  PathProgress,
} from "../../contract/course-path";
import { knowledgeCheckPoints, type CourseOutline } from "../courses";

/** What a learner has done, as read from the database: the inputs of every "done" on a path. */
export interface LearnerRecord {
  /** Lessons opened at least once (LessonVisit). */
  visitedLessonIds: ReadonlySet<string>;
  /** Final grades by exercise id, overrides applied (server/grades.ts finalScores); absent: nothing graded. */
  finalScores: ReadonlyMap<string, number>;
  /** Knowledge checks answered correctly at least once (server/courses.ts correctKnowledgeChecks). */
  correctKnowledgeCheckIds: ReadonlySet<string>;
}

/** A visitor's record: nothing opened, graded or answered. */
export const EMPTY_RECORD: LearnerRecord = {
  visitedLessonIds: new Set(),
  finalScores: new Map(),
  correctKnowledgeCheckIds: new Set(),
};

/**
 * The learner's path through the course outline (docs/decisions/0150-when-a-lesson-is-done.md):
 * - an exercise is done when its final grade (an instructor's override counts in place of the automatic one) is its
 *   maximum score: a partial or late-credited score is not;
 * - a lesson is done when the learner has opened it, every exercise in it is done, and every current knowledge check
 *   in it has been answered correctly at least once (a lesson with neither is done once opened);
 * - next: "start" at the first lesson while the learner has opened none, else "continue" at the first lesson in course
 *   order that is not done, else "finished" (also for a course with no lessons, which has nothing left to do).
 * Pure: the same outline and record give the same path.
 */
export function buildCoursePath(outline: CourseOutline, record: LearnerRecord): CoursePath {
  const modules = outline.modules.map((module): ModuleOnPath => {
    const lessons = module.lessons.map((lesson) => lessonOnPath(lesson, record));
    return { id: module.id, title: module.title, position: module.position, lessons, progress: progressOf(lessons) };
  });
  const lessons = modules.flatMap((module) => module.lessons.map((lesson) => ({ lesson, moduleTitle: module.title })));
  return {
    courseId: outline.id,
    modules,
    progress: progressOf(lessons.map(({ lesson }) => lesson)),
    next: nextStep(lessons),
  };
}

type OutlineLesson = CourseOutline["modules"][number]["lessons"][number];

function lessonOnPath(lesson: OutlineLesson, record: LearnerRecord): LessonOnPath {
  const exercises = lesson.exercises.map((exercise): ExerciseOnPath => {
    const score = record.finalScores.get(exercise.id) ?? null;
    // At least the maximum rather than equal to it: a credited score is a product of floats.
    return {
      id: exercise.id,
      title: exercise.title,
      maxScore: exercise.maxScore,
      score,
      done: score !== null && score >= exercise.maxScore,
    };
  });
  const answeredCorrectly = lesson.knowledgeChecks.filter((check) =>
    record.correctKnowledgeCheckIds.has(check.id),
  ).length;
  const total = lesson.knowledgeChecks.length;
  const visited = record.visitedLessonIds.has(lesson.id);
  return {
    id: lesson.id,
    slug: lesson.slug,
    title: lesson.title,
    summary: lesson.summary,
    visited,
    done: visited && exercises.every((exercise) => exercise.done) && answeredCorrectly === total,
    exercises,
    knowledgeChecks: { answeredCorrectly, total },
  };
}

function progressOf(lessons: readonly LessonOnPath[]): PathProgress {
  const exercises = lessons.flatMap((lesson) => lesson.exercises);
  const checksCorrect = lessons.reduce((sum, lesson) => sum + lesson.knowledgeChecks.answeredCorrectly, 0);
  const checks = lessons.reduce((sum, lesson) => sum + lesson.knowledgeChecks.total, 0);
  return {
    lessonsDone: lessons.filter((lesson) => lesson.done).length,
    lessons: lessons.length,
    exercisesDone: exercises.filter((exercise) => exercise.done).length,
    exercises: exercises.length,
    earned: exercises.reduce((sum, exercise) => sum + (exercise.score ?? 0), 0) + knowledgeCheckPoints(checksCorrect),
    possible: exercises.reduce((sum, exercise) => sum + exercise.maxScore, 0) + knowledgeCheckPoints(checks),
  };
}

function nextStep(lessons: readonly { lesson: LessonOnPath; moduleTitle: string }[]): NextStep {
  const link = ({ lesson, moduleTitle }: { lesson: LessonOnPath; moduleTitle: string }) => ({
    slug: lesson.slug,
    title: lesson.title,
    moduleTitle,
  });
  const first = lessons[0];
  if (first && !lessons.some(({ lesson }) => lesson.visited)) return { kind: "start", lesson: link(first) };
  const unfinished = lessons.find(({ lesson }) => !lesson.done);
  return unfinished ? { kind: "continue", lesson: link(unfinished) } : { kind: "finished" };
}
