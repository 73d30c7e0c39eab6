/**
 * A course as one learner's path through it: what they have done, lesson by lesson, and where "Continue" leads.
 * server/progress/ builds it; the course page and the home page hand it to components/course/ to draw. Types only:
 * it lives on this floor because the server writes it and the components read it, and neither may import the other.
 * When a lesson is done: docs/decisions/0150-when-a-lesson-is-done.md.
 */

/** A lesson named for a link: its slug in the course, and the titles a reader recognises it by. */
export interface LessonLink {
  slug: string;
  title: string;
  moduleTitle: string;
}

/**
 * Where the course page's primary button leads: the first lesson when the learner has opened none ("start"), else the
 * first lesson in course order that is not done ("continue"); "finished" when every lesson is done.
 */
export type NextStep = { kind: "start" | "continue"; lesson: LessonLink } | { kind: "finished" };

export interface ExerciseOnPath {
  id: string;
  title: string;
  maxScore: number;
  /** The final grade (an instructor's override in place of the best credited score); null with nothing graded. */
  score: number | null;
  /** Full marks: the final grade is the exercise's maximum. */
  done: boolean;
}

export interface LessonOnPath {
  /** "<course>/<lesson slug>" */
  id: string;
  slug: string;
  title: string;
  summary: string;
  /** The learner has opened it at least once. */
  visited: boolean;
  /** Opened, every exercise at full marks, every knowledge check answered correctly. */
  done: boolean;
  exercises: ExerciseOnPath[];
  knowledgeChecks: { answeredCorrectly: number; total: number };
}

/** Counts over a module or a whole course; points as the progress bars count them (exercises + knowledge checks). */
export interface PathProgress {
  lessonsDone: number;
  lessons: number;
  exercisesDone: number;
  exercises: number;
  earned: number;
  possible: number;
}

export interface ModuleOnPath {
  /** "<course>/<module slug>" */
  id: string;
  title: string;
  /** 1-based, as authors number the folders */
  position: number;
  lessons: LessonOnPath[];
  progress: PathProgress;
}

export interface CoursePath {
  courseId: string;
  /** In course order: modules by position, lessons by position within their module. */
  modules: ModuleOnPath[];
  progress: PathProgress;
  next: NextStep;
}

/** A course on the signed-in user's home page: a learner's with their path, an instructor's with none. */
export type EnrolledCourse =
  | { role: "learner"; courseId: string; title: string; path: CoursePath }
  | { role: "instructor" | "ta"; courseId: string; title: string };
