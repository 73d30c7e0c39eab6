import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, sameOrigin as headers, signUpNewAccount, submitAndAwaitGrading } from "./steps";

/**
 * The course as a path: a new learner is offered "Start the course", then "Continue where you left off" at the first
 * lesson not done (docs/decisions/0150), on the course page and on the home page, with done marks in the outline.
 */
const COURSE = "memory-between-kernel-and-user";
const firstLessonDir = path.resolve(import.meta.dirname, `../../content/${COURSE}/01.address-spaces/01.virtual-address-spaces`);
const FIRST = { slug: "virtual-address-spaces", exercise: "classify-address" };
const SECOND = { slug: "two-level-paging", title: "Two-level paging on i386" };

let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(async () => {
  await env?.close();
});

/** Full marks on the lesson's exercise, through the API the Submit button uses, waiting for the grade. */
async function solveExercise(request: APIRequestContext) {
  const code = readFileSync(path.join(firstLessonDir, "exercises", FIRST.exercise, "solution.ts"), "utf8");
  const submission = await submitAndAwaitGrading(request, FIRST.exercise, code);
  expect(submission.status).toBe("graded");
  expect(submission.score).toBe(submission.maxScore);
}

/** Every knowledge check of the lesson answered right, from the answers in its content file. */
async function answerKnowledgeChecks(request: APIRequestContext) {
  const file = JSON.parse(readFileSync(path.join(firstLessonDir, "knowledge-checks.json"), "utf8")) as { checks: { id: string; answer: string }[] };
  expect(file.checks.length).toBeGreaterThan(0);
  for (const check of file.checks) {
    const response = await request.post(`${base}/api/knowledge-checks`, { data: { lessonId: `${COURSE}/${FIRST.slug}`, checkId: check.id, answer: check.answer }, headers });
    expect(response.ok()).toBe(true);
  }
}

describe("the course as a path", () => {
  it("offers a new learner Start, then Continue at the first lesson not done, with done marks", async () => {
    const { page, context } = await env.newPage();
    await signUpNewAccount(context.request, "Path Finder", "path");
    await page.goto(`${base}/courses/${COURSE}`);
    await page.getByRole("button", { name: "Enroll in this course" }).click();
    await expect.poll(() => page.getByText("You are enrolled").count(), { timeout: 15_000 }).toBe(1);

    const start = page.getByRole("link", { name: "Start the course" });
    expect(await start.getAttribute("href")).toBe(`/courses/${COURSE}/${FIRST.slug}`);
    await start.click();
    await page.waitForURL(`${base}/courses/${COURSE}/${FIRST.slug}`);

    // Opened is not done: Continue leads back to it.
    await page.goto(`${base}/courses/${COURSE}`);
    const resume = page.getByRole("link", { name: /^Continue where you left off/ });
    expect(await resume.getAttribute("href")).toBe(`/courses/${COURSE}/${FIRST.slug}`);

    await solveExercise(context.request);
    await answerKnowledgeChecks(context.request);
    await page.reload();
    expect(await resume.getAttribute("href")).toBe(`/courses/${COURSE}/${SECOND.slug}`);
    expect(await resume.textContent()).toBe(`Continue where you left off: ${SECOND.title}`);
    // The first lesson and its exercise carry a done mark; the second lesson does not.
    const firstLesson = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /virtual address spaces/i }) }).first();
    expect(await firstLesson.textContent()).toContain("Done:");
    const secondLesson = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: SECOND.title, exact: true }) }).first();
    expect(await secondLesson.textContent()).not.toContain("Done:");

    // The home page offers the same way back in.
    await page.goto(`${base}/`);
    expect(await page.getByRole("link", { name: /^Continue where you left off/ }).getAttribute("href")).toBe(`/courses/${COURSE}/${SECOND.slug}`);
    await page.getByRole("link", { name: /^Continue where you left off/ }).click();
    await page.waitForURL(`${base}/courses/${COURSE}/${SECOND.slug}`);
  });

  it("sent no request outside 127.0.0.1", () => {
    expect(env.outsideRequests).toEqual([]);
  });
});
