import { describe, expect, it } from "vitest";
import { KNOWLEDGE_CHECK_POINTS } from "../../content/kit/knowledge-check-schema";
import type { CourseOutline } from "../courses";
import { buildCoursePath, EMPTY_RECORD, type LearnerRecord } from "./build-path";

// The rules of docs/decisions/0150 on outlines written by hand; test/integration/course-path.test.ts reads the same
// record from a real database.

interface LessonSketch {
  slug: string;
  exercises?: [id: string, maxScore: number][];
  checks?: string[];
}

const at = new Date("2026-12-01T00:00:00Z");

/** A course outline as findCourseOutline returns it, from module titles and lesson sketches. */
function outline(modules: [title: string, lessons: LessonSketch[]][]): CourseOutline {
  const courseId = "c";
  return {
    id: courseId,
    title: "Course",
    summary: "s",
    contentHash: "h",
    position: 1,
    createdAt: at,
    updatedAt: at,
    modules: modules.map(([title, lessons], m) => ({
      id: `${courseId}/m${m + 1}`,
      courseId,
      slug: `m${m + 1}`,
      title,
      position: m + 1,
      lessons: lessons.map((lesson, l) => ({
        id: `${courseId}/${lesson.slug}`,
        courseId,
        moduleId: `${courseId}/m${m + 1}`,
        slug: lesson.slug,
        title: `Lesson ${lesson.slug}`,
        summary: "s",
        position: l + 1,
        contentHash: "h",
        exercises: (lesson.exercises ?? []).map(([id, maxScore]) => ({ id, title: `Exercise ${id}`, maxScore })),
        knowledgeChecks: (lesson.checks ?? []).map((check) => ({ id: `${courseId}/${lesson.slug}/${check}` })),
      })),
    })),
  };
}

function record(parts: { visited?: string[]; scores?: [string, number][]; correct?: string[] }): LearnerRecord {
  return {
    visitedLessonIds: new Set((parts.visited ?? []).map((slug) => `c/${slug}`)),
    finalScores: new Map(parts.scores ?? []),
    correctKnowledgeCheckIds: new Set(parts.correct ?? []),
  };
}

const course = outline([
  ["Basics", [{ slug: "intro" }, { slug: "walk", exercises: [["walk-32", 20]], checks: ["pde"] }]],
  [
    "More",
    [
      {
        slug: "kmap",
        exercises: [
          ["kmap", 10],
          ["kmap-2", 5],
        ],
      },
    ],
  ],
]);

const lessonsOf = (path: ReturnType<typeof buildCoursePath>) => path.modules.flatMap((module) => module.lessons);

describe("a course path", () => {
  it("starts at the first lesson while none is opened, even when work elsewhere is graded", () => {
    const path = buildCoursePath(
      course,
      record({
        scores: [
          ["kmap", 10],
          ["kmap-2", 5],
        ],
      }),
    );
    expect(path.next).toEqual({
      kind: "start",
      lesson: { slug: "intro", title: "Lesson intro", moduleTitle: "Basics" },
    });
    // Full marks on every exercise of a lesson never opened: the exercises are done, the lesson is not.
    expect(lessonsOf(path).map((lesson) => [lesson.slug, lesson.done])).toEqual([
      ["intro", false],
      ["walk", false],
      ["kmap", false],
    ]);
    expect(path.modules[1]?.progress).toMatchObject({ lessonsDone: 0, lessons: 1, exercisesDone: 2, exercises: 2 });
  });

  it("counts a lesson with neither exercises nor checks done once it is opened", () => {
    const path = buildCoursePath(course, record({ visited: ["intro"] }));
    expect(lessonsOf(path)[0]).toMatchObject({ slug: "intro", visited: true, done: true });
    expect(path.next).toMatchObject({ kind: "continue", lesson: { slug: "walk" } });
  });

  it("needs full marks on every exercise and every knowledge check answered correctly", () => {
    const check = "c/walk/pde";
    const partial = buildCoursePath(
      course,
      record({ visited: ["intro", "walk"], scores: [["walk-32", 19.5]], correct: [check] }),
    );
    expect(lessonsOf(partial)[1]).toMatchObject({
      done: false,
      exercises: [{ id: "walk-32", score: 19.5, done: false }],
    });
    const noCheck = buildCoursePath(course, record({ visited: ["intro", "walk"], scores: [["walk-32", 20]] }));
    expect(lessonsOf(noCheck)[1]).toMatchObject({ done: false, knowledgeChecks: { answeredCorrectly: 0, total: 1 } });
    const both = buildCoursePath(
      course,
      record({ visited: ["intro", "walk"], scores: [["walk-32", 20]], correct: [check] }),
    );
    expect(lessonsOf(both)[1]).toMatchObject({
      done: true,
      exercises: [{ done: true }],
      knowledgeChecks: { answeredCorrectly: 1, total: 1 },
    });
    expect(both.next).toMatchObject({ kind: "continue", lesson: { slug: "kmap", moduleTitle: "More" } });
  });

  it("continues at the first unfinished lesson in course order, not the latest one opened", () => {
    const path = buildCoursePath(
      course,
      record({
        visited: ["intro", "walk", "kmap"],
        scores: [
          ["kmap", 10],
          ["kmap-2", 5],
        ],
      }),
    );
    expect(lessonsOf(path).map((lesson) => lesson.done)).toEqual([true, false, true]);
    expect(path.next).toMatchObject({ kind: "continue", lesson: { slug: "walk", moduleTitle: "Basics" } });
  });

  it("is finished when every lesson is done, and counts lessons, exercises and points per module and course", () => {
    const path = buildCoursePath(
      course,
      record({
        visited: ["intro", "walk", "kmap"],
        scores: [
          ["walk-32", 20],
          ["kmap", 10],
          ["kmap-2", 5],
        ],
        correct: ["c/walk/pde"],
      }),
    );
    expect(path.next).toEqual({ kind: "finished" });
    expect(path.modules[0]?.progress).toEqual({
      lessonsDone: 2,
      lessons: 2,
      exercisesDone: 1,
      exercises: 1,
      earned: 20 + KNOWLEDGE_CHECK_POINTS,
      possible: 20 + KNOWLEDGE_CHECK_POINTS,
    });
    expect(path.progress).toEqual({
      lessonsDone: 3,
      lessons: 3,
      exercisesDone: 3,
      exercises: 3,
      earned: 35 + KNOWLEDGE_CHECK_POINTS,
      possible: 35 + KNOWLEDGE_CHECK_POINTS,
    });
  });

  it("shows a visitor the outline with nothing done", () => {
    const path = buildCoursePath(course, EMPTY_RECORD);
    expect(lessonsOf(path).some((lesson) => lesson.visited || lesson.done)).toBe(false);
    expect(path.progress).toMatchObject({
      lessonsDone: 0,
      exercisesDone: 0,
      earned: 0,
      possible: 35 + KNOWLEDGE_CHECK_POINTS,
    });
  });

  it("has nothing left to do in a course without lessons", () => {
    const path = buildCoursePath(outline([]), EMPTY_RECORD);
    expect(path.next).toEqual({ kind: "finished" });
    expect(path.progress).toMatchObject({ lessons: 0, possible: 0 });
  });
});
