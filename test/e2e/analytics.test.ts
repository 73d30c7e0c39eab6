import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESULT_SCHEMA_VERSION, type CheckResult, type GradeResult } from "../../contract/grade-result";
import { expectNoAxeViolations } from "./axe";
import { launchBrowser, type E2eBrowser } from "./browser";
import { e2eDb, signedInPage } from "./personas";
import { base } from "./steps";

/**
 * The analytics pages in Chromium (issue 15): an instructor opens a course's analytics, follows an exercise to its
 * own, and finds its hardest check at a glance. The course is the suite's own (twelve learners with graded work
 * written as the grader stores it), so what other suites submit cannot move the figures; screenshots in light and
 * dark are written to test-results/screenshots.
 */
const db = e2eDb();
const screenshots = path.resolve(import.meta.dirname, "../../test-results/screenshots");
const INSTRUCTOR = "instructor@pagewise.local";
const tag = randomUUID().slice(0, 8);
const courseId = `analytics-${tag}`;
const exerciseId = `walk-32-${tag}`;
let browser: E2eBrowser;

/** The checks of the suite's exercise: which learners (by index) fail each, and the message they are shown. */
const CHECKS: { name: string; visibility: "public" | "hidden"; failing: number[]; message: (learner: number) => string }[] = [
  { name: "4 KB pages: present mappings", visibility: "public", failing: [3], message: (i) => `translate(0x0804${(0xa000 + i * 0x111).toString(16)}, user read) returned pa 0x0012${i}000 (a 4 KB page), expected pa 0x0012${i}123 (a 4 KB page).` },
  { name: "4 MB pages (PSE)", visibility: "public", failing: [0, 1, 2, 4, 5, 6], message: (i) => `translate(0xc04${i}5678, kernel read) returned pa 0x0000${i}678 (a 4 KB page), expected pa 0x0045${i}678 (a 4 MB page). Hint: with CR4.PSE set, a PDE with PS (bit 7) maps 4 MB: the walk stops at the directory.` },
  { name: "not-present entries fault", visibility: "public", failing: [0, 1], message: (i) => `translate(0x0${i}000000, user write) returned pa 0x0 (a 4 KB page), expected a page fault with error code 0x6 (W|U) and CR2 0x0${i}000000.` },
  { name: "random walks", visibility: "hidden", failing: [0, 2, 4], message: () => "stored detail the page must never show" },
];
const LEARNERS = 12;

function resultFor(learner: number, attempt: number, lastAttempt: boolean): GradeResult {
  const checks: CheckResult[] = CHECKS.map((check) => {
    const fails = !lastAttempt || check.failing.includes(learner);
    return {
      name: check.name,
      visibility: check.visibility,
      points: 5,
      earned: fails ? 0 : 5,
      verdict: fails ? "fail" : "pass",
      ...(fails ? { failure: "wrong_answer" as const } : {}),
      message: fails ? check.message(learner) : "All cases passed.",
      casesRun: 8,
      casesPassed: fails ? 5 : 8,
    };
  });
  const score = checks.reduce((sum, check) => sum + check.earned, 0);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION, status: "graded", score, maxScore: 20, message: `${score} / 20`, checks, compileErrors: [], console: "",
    exerciseId, exerciseVersion: "e1", graderVersion: "1.0.0", seed: `seed-${learner}`, hiddenSeed: `hidden-${learner}-${attempt}`,
    timings: { compileMs: 3, runMs: 9, totalMs: 12 },
  };
}

const pageAs = (email: string, options: { dark?: boolean } = {}): Promise<Page> => signedInPage(browser, email, "pagewise-demo", options);

beforeAll(async () => {
  browser = await launchBrowser();
  await db.course.create({ data: { id: courseId, title: "Paging in practice", summary: "The analytics suite's course.", contentHash: "a1", position: 90 } });
  await db.module.create({ data: { id: `${courseId}/paging`, courseId, slug: "paging", title: "Paging", position: 1 } });
  const lessonId = `${courseId}/paging/two-level-paging`;
  await db.lesson.create({ data: { id: lessonId, courseId, moduleId: `${courseId}/paging`, slug: "two-level-paging", title: "Two-level paging", summary: "s", position: 1, contentHash: "l1" } });
  await db.exercise.create({ data: { id: exerciseId, courseId, lessonId, title: "Walk a 32-bit page table", position: 1, maxScore: 20, contentHash: "e1" } });
  const instructor = await db.user.findUniqueOrThrow({ where: { email: INSTRUCTOR }, select: { id: true } });
  await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "instructor" } });
  const now = Date.now();
  for (let learner = 0; learner < LEARNERS; learner++) {
    const userId = randomUUID();
    await db.user.create({ data: { id: userId, name: `Learner ${String.fromCharCode(65 + learner)}`, email: `analytics-${tag}-${learner}@example.test` } });
    await db.enrollment.create({ data: { userId, courseId, role: "learner" } });
    const opened = new Date(now - (6 - (learner % 5)) * 86_400_000);
    await db.lessonVisit.create({ data: { userId, lessonId, firstVisitedAt: opened, lastVisitedAt: opened } });
    if (learner >= 10) continue; // two learners have not submitted
    const attempts = 1 + (learner % 4);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = resultFor(learner, attempt, attempt === attempts);
      const at = new Date(opened.getTime() + attempt * (3 + learner) * 3_600_000);
      await db.submission.create({
        data: { userId, exerciseId, exerciseVersion: "e1", code: "// graded", status: "graded", outcome: "graded", rawScore: result.score, score: result.score, maxScore: 20, seed: result.seed, resultJson: JSON.stringify(result), createdAt: at, finishedAt: at },
      });
    }
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

describe("analytics", () => {
  it("lead an instructor from the course's completion to an exercise's hardest check", async () => {
    const page = await pageAs(INSTRUCTOR);
    await page.goto(`${base}/courses/${courseId}/analytics`);
    const row = page.getByTestId("exercise-completion-row").filter({ hasText: exerciseId });
    // Ten of the twelve submitted; the latest submissions of learners 7, 8 and 9 fail no check.
    const figures = await row.innerText();
    expect(figures).toContain(`10 of ${LEARNERS}`);
    expect(figures).toContain(`3 of ${LEARNERS} (25%)`);
    await expectNoAxeViolations(page);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "course-analytics-light.png"), fullPage: true });
    await page.getByRole("link", { name: `Analytics of ${exerciseId}` }).click();
    await page.waitForURL(`${base}/courses/${courseId}/exercises/${exerciseId}/analytics`);

    const hardest = page.getByTestId("hardest-check");
    expect(await hardest.getByTestId("hardest-check-name").innerText()).toBe("4 MB pages (PSE)");
    const text = await hardest.innerText();
    expect(text).toContain("Fails for 60% of learners (6 of 10)");
    expect(text).toMatch(/translate\(0x…, kernel read\) returned pa 0x… \(a # KB page\), expected pa 0x… \(a # MB page\)/);
    const bars = page.locator('[data-chart="check-fail-share"]');
    expect(await bars.locator('[data-highlighted="true"]').count()).toBe(1);
    // The hidden check is listed with its fail share, never with its stored message.
    expect(await page.locator("body").innerText()).not.toContain("stored detail the page must never show");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(screenshots, "exercise-analytics-light.png"), fullPage: true });
  });

  it("read the same in dark mode, with every chart's table a click away", async () => {
    const page = await pageAs(INSTRUCTOR, { dark: true });
    await page.goto(`${base}/courses/${courseId}/exercises/${exerciseId}/analytics`);
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    const charts = page.locator("figure[data-chart]");
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(screenshots, "exercise-analytics-dark.png"), fullPage: true });
    // Learners 7, 8 and 9 reached full marks at their 4th, 1st and 2nd submission.
    const table = page.locator('[data-chart="attempts-to-full-marks"] details');
    await table.locator("summary").click();
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows.map((row) => row.split("\t").map((cell) => cell.trim()))).toEqual([
      ["1", "1"], ["2", "1"], ["3", "0"], ["4", "1"], ["5", "0"], ["6", "0"], ["7", "0"], ["8", "0"], ["9", "0"], ["10 or more", "0"],
    ]);
    await expectNoAxeViolations(page);
  });
});
