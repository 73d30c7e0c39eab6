import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CoursePath, LessonOnPath, NextStep as NextStepView } from "../../contract/course-path";
import { CourseOutline } from "./course-outline";
import { NextStep } from "./next-step";

// Server rendering, as the course page does it: what a learner, and a visitor, read and what a screen reader hears.

const lesson = (slug: string, parts: Partial<LessonOnPath>): LessonOnPath => ({
  id: `c/${slug}`,
  slug,
  title: `Lesson ${slug}`,
  summary: "A summary.",
  visited: false,
  done: false,
  exercises: [],
  knowledgeChecks: { answeredCorrectly: 0, total: 0 },
  ...parts,
});

const path: CoursePath = {
  courseId: "c",
  modules: [
    {
      id: "c/m1",
      title: "Paging",
      position: 2,
      lessons: [
        lesson("intro", { visited: true, done: true }),
        lesson("walk", {
          visited: true,
          exercises: [{ id: "walk-32", title: "Walk a 32-bit page table", maxScore: 20, score: 12.5, done: false }],
          knowledgeChecks: { answeredCorrectly: 2, total: 4 },
        }),
        lesson("kmap", { exercises: [{ id: "kmap", title: "Emulate kmap", maxScore: 10, score: 10, done: true }] }),
      ],
      progress: { lessonsDone: 1, lessons: 3, exercisesDone: 1, exercises: 2, earned: 24.5, possible: 34 },
    },
  ],
  progress: { lessonsDone: 1, lessons: 3, exercisesDone: 1, exercises: 2, earned: 24.5, possible: 34 },
  next: { kind: "continue", lesson: { slug: "walk", title: "Lesson walk", moduleTitle: "Paging" } },
};

const outline = (showProgress: boolean) =>
  renderToStaticMarkup(createElement(CourseOutline, { courseId: "c", path, showProgress, schedules: null }));
const nextStep = (next: NextStepView, lessonCount = 3) =>
  renderToStaticMarkup(createElement(NextStep, { courseId: "c", next, lessonCount }));
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the course outline", () => {
  it("marks done lessons and exercises in words, not by colour alone, and says which are started", () => {
    const html = outline(true);
    expect(html.match(/<span class="sr-only">Done: <\/span>/g)).toHaveLength(2); // the intro lesson, the kmap exercise
    expect(html.match(/<span class="sr-only">Started: <\/span>/g)).toHaveLength(2); // the walk lesson, walk-32 (12.5 points)
    expect(text(html)).toContain("1 of 3 lessons done · 1 of 2 exercises at full marks");
    expect(text(html)).toContain("(2 of 4 knowledge checks answered correctly)");
    expect(text(html)).toContain("(12.5 / 20 points)");
  });

  it("links every exercise name to its place in its lesson", () => {
    const html = outline(true);
    expect(html).toContain('<a href="/courses/c/walk#exercise-walk-32">Exercise: Walk a 32-bit page table</a>');
    expect(html).toContain('<a href="/courses/c/kmap#exercise-kmap">Exercise: Emulate kmap</a>');
    expect(html).toMatch(/<h2>Module 2\. Paging<\/h2>/);
  });

  it("shows a visitor the outline with no marks, scores or progress", () => {
    const html = outline(false);
    expect(html).not.toContain("course-path-mark");
    expect(html).not.toContain("progressbar");
    expect(text(html)).toContain("(4 knowledge checks)");
    expect(text(html)).toContain("(20 points)");
    expect(text(html)).not.toContain("12.5");
  });
});

describe("the way on", () => {
  it("starts at the first lesson, continues at the first unfinished one, and says when every lesson is done", () => {
    const start = nextStep({
      kind: "start",
      lesson: { slug: "intro", title: "Virtual address spaces", moduleTitle: "Address spaces" },
    });
    expect(start).toContain(
      '<a class="button primary course-path-next-button" href="/courses/c/intro">Start the course</a>',
    );
    expect(text(start)).toContain("First lesson: Virtual address spaces, in Address spaces");
    const more = nextStep({
      kind: "continue",
      lesson: { slug: "walk", title: "Two-level paging", moduleTitle: "Paging" },
    });
    expect(more).toContain('href="/courses/c/walk">Continue where you left off: Two-level paging</a>');
    expect(text(nextStep({ kind: "finished" }))).toBe("✓ You have finished every lesson.");
    expect(nextStep({ kind: "finished" }, 0)).toBe("");
  });
});
