import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, replaceEditorCode, signIn } from "./steps";

/**
 * The whole course in the browser: every exercise of every module, opened from its lesson, solved with
 * its reference solution pasted into the editor, run (all public checks pass) and submitted (full marks).
 * New exercises are covered as soon as they are in content/.
 */
const courses = await loadCourses(path.resolve(import.meta.dirname, "../../content"));
const exercises = courses.flatMap((course) =>
  course.modules.flatMap((module) =>
    module.lessons.flatMap((lesson) => lesson.exercises.map((exercise) => ({ course, module, lesson, exercise }))),
  ),
);

let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(async () => {
  await env?.close();
  expect(env?.outsideRequests ?? []).toEqual([]);
});

describe("every exercise of the course, in the browser", () => {
  it.each(exercises.map((entry) => [`${entry.module.title} / ${entry.exercise.id}`, entry] as const))("%s: Run passes, Submit gets full marks", async (_name, { course, lesson, exercise }) => {
    const { page } = await env.newPage();
    await signIn(page, "learner@pagewise.local");
    // As the course outline links it: a lesson with two exercises shows the one its link names.
    await page.goto(`${base}/courses/${course.id}/${lesson.slug}#exercise-${exercise.id}`);
    const section = page.locator(`#exercise-${exercise.id}`);
    await replaceEditorCode(page, readFileSync(exercise.files.solution, "utf8"), section);
    await section.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => section.getByTestId("result-panel").textContent(), { timeout: 30_000 }).toMatch(/All \d+ public checks pass/);
    await section.getByRole("button", { name: "Submit", exact: true }).click();
    const points = exercise.settings.points;
    await expect.poll(() => section.getByTestId("score").first().textContent(), { timeout: 60_000 }).toBe(`${points} / ${points}`);
  });
});
