import type { AccessWindows } from "../../contract/access";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { insertRows } from "./insert-rows";
import { pick, seededRandom } from "./random";
import { learnerSubmissions, MAX_SCORE, type SubmissionRow } from "./submissions";

// A course of 1,000 learners for the analytics' bench and scale test: 6 modules of 2 lessons, one exercise and two
// knowledge checks per lesson, a month of work around each exercise's deadline (1-6 submissions per learner and
// exercise, a rush in the last hours, some late, some compile errors and platform failures), lesson visits, answers,
// a few overrides, and two instructors whose own work must not count. Seeded: the same seed, the same course. Every
// row is built first, then written in one transaction (the 65,000 rows of work by insert-rows.ts): seconds on SQLite.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const EXERCISES = 12;

export interface LargeCourse {
  courseId: string;
  /** In course order. */
  exerciseIds: string[];
  /** Each exercise's windows (100% until its deadline, then 50% for five days): this course is not in content/. */
  windows: Map<string, AccessWindows>;
  learnerIds: string[];
  /** The end of the month of work: the `now` to compute the analytics at. */
  now: Date;
  /** Rows written, for the report. */
  counts: { submissions: number; visits: number; answers: number };
}

export interface LargeCourseOptions {
  courseId?: string;
  learners?: number;
  seed?: number;
  now?: Date;
}

/** Seeds the course into `db` (migrated, and without a course of that id). */
export async function seedLargeCourse(db: PrismaClient, options: LargeCourseOptions = {}): Promise<LargeCourse> {
  const rows = largeCourseRows(options);
  await db.$transaction(
    async (tx) => {
      await tx.course.create({ data: rows.course });
      await tx.module.createMany({ data: rows.modules });
      await tx.lesson.createMany({ data: rows.lessons });
      await tx.exercise.createMany({ data: rows.exercises });
      await tx.knowledgeCheck.createMany({ data: rows.checks });
      await tx.user.createMany({ data: rows.users });
      await tx.enrollment.createMany({ data: rows.enrollments });
      await insertRows(tx, "Submission", rows.submissions);
      await insertRows(tx, "LessonVisit", rows.visits);
      await insertRows(tx, "KnowledgeCheckAnswer", rows.answers);
      await tx.gradeOverride.createMany({ data: rows.overrides });
    },
    { maxWait: 60_000, timeout: 600_000 },
  );
  return {
    ...rows.meta,
    counts: { submissions: rows.submissions.length, visits: rows.visits.length, answers: rows.answers.length },
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Every row of the course, built in memory from the seed. */
function largeCourseRows(options: LargeCourseOptions) {
  const courseId = options.courseId ?? "large-course";
  const learnerCount = options.learners ?? 1_000;
  const random = seededRandom(options.seed ?? 15);
  const now = options.now ?? new Date("2027-03-31T12:00:00Z");
  const start = now.getTime() - 30 * DAY_MS;
  const clamp = (time: number) => Math.min(now.getTime() - 60_000, Math.max(start, time));

  const lessonIds = range(EXERCISES).map((i) => `${courseId}/l${i + 1}`);
  const exerciseIds = range(EXERCISES).map((i) => `${courseId}-ex${String(i + 1).padStart(2, "0")}`);
  // Deadlines every two days from day 6 to day 28 of the month.
  const deadlines = exerciseIds.map((_, i) => start + (6 + 2 * i) * DAY_MS);
  const windows = new Map(
    exerciseIds.map((id, i): [string, AccessWindows] => {
      const deadline = deadlines[i] ?? start;
      return [
        id,
        [
          { until: new Date(deadline).toISOString(), credit: 100 },
          { until: new Date(deadline + 5 * DAY_MS).toISOString(), credit: 50 },
        ],
      ];
    }),
  );
  const checks = lessonIds.flatMap((lessonId) =>
    [1, 2].map((k) => ({
      id: `${lessonId}/kc${k}`,
      courseId,
      lessonId,
      checkId: `kc${k}`,
      kind: "numeric",
      question: `Question ${k} of ${lessonId}?`,
      position: k,
      contentHash: "k",
    })),
  );
  const learnerIds = range(learnerCount).map((i) => `${courseId}-learner-${String(i + 1).padStart(4, "0")}`);
  const staffIds = [`${courseId}-instructor-1`, `${courseId}-instructor-2`];
  const users = [...learnerIds, ...staffIds].map((id, i) => ({
    id,
    name: i < learnerCount ? `${pick(random, FIRST)} ${pick(random, LAST)}` : `Instructor ${i - learnerCount + 1}`,
    email: `${id}@bench.local`,
  }));
  const enrollments = [
    ...learnerIds.map((userId) => ({ userId, courseId, role: "learner" })),
    ...staffIds.map((userId) => ({ userId, courseId, role: "instructor" })),
  ];

  const submissions: SubmissionRow[] = [];
  const visits: VisitRow[] = [];
  const answers: AnswerRow[] = [];
  for (const userId of [...learnerIds, ...staffIds]) {
    const skill = random();
    for (let e = 0; e < EXERCISES; e++) {
      const exerciseId = exerciseIds[e] ?? "";
      const deadline = deadlines[e] ?? start;
      const takesPart = random() < 0.97 - 0.025 * e;
      let firstAt = deadline;
      if (takesPart) {
        // A quarter start in the last three hours; the rest over the three days before; one in ten only after.
        const lead =
          random() < 0.1 ? -random() * 2 * DAY_MS : random() < 0.25 ? random() * 3 * HOUR_MS : random() * 3 * DAY_MS;
        firstAt = clamp(deadline - lead);
        submissions.push(...learnerSubmissions(random, { userId, exerciseId, skill, deadline, firstAt, clamp }));
      }
      if (!takesPart && random() >= 0.5) continue;
      const first = clamp(firstAt - random() * 3 * DAY_MS);
      visits.push({
        id: `${userId}:${lessonIds[e]}`,
        userId,
        lessonId: lessonIds[e] ?? "",
        firstVisitedAt: new Date(first),
        lastVisitedAt: new Date(clamp(first + random() * 4 * DAY_MS)),
      });
      for (const check of checks.filter((c) => c.lessonId === lessonIds[e])) {
        if (random() > 0.85) continue;
        const attempts = 1 + Math.floor(random() ** 2 * 3);
        const firstCorrect = random() < 0.92 ? 1 + Math.floor(random() ** 3 * attempts) : null;
        const answeredAt = clamp(first + random() * DAY_MS);
        answers.push({
          id: `${userId}:${check.id}`,
          userId,
          knowledgeCheckId: check.id,
          courseId,
          lessonId: check.lessonId,
          correct: firstCorrect !== null,
          attempts,
          firstCorrectAttempt: firstCorrect,
          lastAnswer: "42",
          lastCorrect: firstCorrect !== null,
          checkVersion: "k",
          createdAt: new Date(answeredAt),
          updatedAt: new Date(clamp(answeredAt + (attempts - 1) * random() * 2 * HOUR_MS)),
          correctAt: firstCorrect === null ? null : new Date(answeredAt),
        });
      }
    }
  }
  // A few instructors' grades in place of the automatic ones: some full marks, some not.
  const overrides = range(20).map((i) => ({
    courseId,
    userId: learnerIds[(i * 37) % learnerCount] ?? "",
    exerciseId: exerciseIds[i % EXERCISES] ?? "",
    score: i % 2 === 0 ? MAX_SCORE : 7,
    reason: "Checked by hand",
    setById: staffIds[0],
  }));

  return {
    meta: { courseId, exerciseIds, windows, learnerIds, now },
    course: { id: courseId, title: "A large course", summary: "1,000 learners", contentHash: "large", position: 99 },
    modules: range(6).map((m) => ({
      id: `${courseId}/m${m + 1}`,
      courseId,
      slug: `m${m + 1}`,
      title: `Module ${m + 1}`,
      position: m + 1,
    })),
    lessons: lessonIds.map((id, i) => ({
      id,
      courseId,
      moduleId: `${courseId}/m${Math.floor(i / 2) + 1}`,
      slug: `l${i + 1}`,
      title: `Lesson ${i + 1}`,
      summary: "s",
      position: (i % 2) + 1,
      contentHash: "l",
    })),
    exercises: exerciseIds.map((id, i) => ({
      id,
      courseId,
      lessonId: lessonIds[i] ?? "",
      title: `Exercise ${i + 1}`,
      position: 1,
      maxScore: MAX_SCORE,
      contentHash: "v1",
    })),
    checks,
    users,
    enrollments,
    submissions,
    visits,
    answers,
    overrides,
  };
}

// Rows as insertRows writes them: every column given, so every row has the same keys.
type VisitRow = Required<Prisma.LessonVisitCreateManyInput>;
type AnswerRow = Required<Prisma.KnowledgeCheckAnswerCreateManyInput>;

// Learners' names (the last hour before a deadline lists them).
const FIRST =
  "Ada Alan Barbara Dennis Edsger Frances Grace Ken Linus Margaret Niklaus Radia Sophie Tony Yukihiro".split(" ");
const LAST = "Allen Hopper Knuth Lamport Liskov Perlman Ritchie Thompson Torvalds Wilson Wirth Hamilton Dijkstra".split(
  " ",
);
