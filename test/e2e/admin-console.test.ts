import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { launchBrowser, type E2eBrowser } from "./browser";
import { call, COURSE_ID, e2eDb, signedInPage, signUpCookie } from "./personas";
import { base } from "./steps";

/**
 * The admin console in Chromium (issue 15): an admin finds a learner, disables them (the learner's open session is
 * refused at its next request, and signing in again is refused with a sentence), makes another user an instructor of
 * the course, and finds both acts in the audit log; the health page shows the grading processes and the queue.
 */
const db = e2eDb();
const screenshots = path.resolve(import.meta.dirname, "../../test-results/screenshots");
const ADMIN = "admin@pagewise.local";
const PASSWORD = "console-password-1";
let browser: E2eBrowser;
let learner: { email: string; id: string; cookie: string };
let teacherEmail: string;

const pageAs = (email: string, password: string): Promise<Page> => signedInPage(browser, email, password);

beforeAll(async () => {
  browser = await launchBrowser();
  const tag = Date.now();
  const email = `console-learner-${tag}@example.test`;
  const cookie = await signUpCookie("Console Learner", email, PASSWORD);
  const id = (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
  await db.enrollment.create({ data: { userId: id, courseId: COURSE_ID, role: "learner" } });
  learner = { email, id, cookie };
  teacherEmail = `console-teacher-${tag}@example.test`;
  await signUpCookie("Console Teacher", teacherEmail, PASSWORD);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

describe("the admin console", () => {
  it("disables a learner: their open session is refused at the next request, and so is signing in again", async () => {
    // The learner's session works before.
    expect((await call(learner.cookie, "GET", "/api/submissions?exerciseId=walk-32")).status).toBe(200);

    const page = await pageAs(ADMIN, "pagewise-demo");
    await page.goto(`${base}/admin`);
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Users" }).click();
    await page.waitForURL(`${base}/admin/users`);
    await page.getByLabel("Name, email or id").fill(learner.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(1);
    await page.getByRole("link", { name: "Console Learner" }).click();
    await page.waitForURL(`${base}/admin/users/${learner.id}`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Reason (kept with the account and in the audit log)").fill("Shared answers in the forum");
    await page.getByRole("button", { name: "Disable account" }).click();
    await expect.poll(() => page.getByText(`${learner.email} is disabled and signed out everywhere.`).count()).toBe(1);
    await expect.poll(() => page.getByRole("button", { name: "Enable account" }).count()).toBe(1);

    // The session the learner had open is gone: their next request is a visitor's.
    expect((await call(learner.cookie, "GET", "/api/submissions?exerciseId=walk-32")).status).toBe(401);
    const again = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ email: learner.email, password: PASSWORD }),
    });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { code: string }).code).toBe("ACCOUNT_DISABLED");
    // And the sign-in form says so in words.
    const { page: form } = await browser.newPage();
    await form.goto(`${base}/sign-in`);
    await form.getByLabel("Email").fill(learner.email);
    await form.getByLabel("Password").fill(PASSWORD);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => form.locator("p[role=alert]").innerText()).toMatch(/^This account has been disabled by an administrator\. Contact/);
  });

  it("makes a user an instructor of the course, and finds both acts in the audit log", async () => {
    const page = await pageAs(ADMIN, "pagewise-demo");
    await page.goto(`${base}/admin/courses`);
    const course = page.getByTestId("course-staff").filter({ has: page.getByRole("link", { name: /Memory/ }) }).first();
    await course.getByLabel("Email").fill(teacherEmail);
    await course.getByLabel("Role").selectOption("instructor");
    await course.getByRole("button", { name: "Add to staff" }).click();
    await expect.poll(() => course.getByRole("status").innerText()).toMatch(new RegExp(`^${teacherEmail.replace(/[.]/g, "\\.")} is now an instructor of `));
    await expect.poll(() => course.getByTestId("staff-member").filter({ hasText: teacherEmail }).innerText()).toContain("Instructor");
    await expectNoAxeViolations(page);

    // The new instructor opens the gradebook.
    const teacher = await pageAs(teacherEmail, PASSWORD);
    const gradebook = await teacher.goto(`${base}/courses/${COURSE_ID}/gradebook`);
    expect(gradebook?.status()).toBe(200);

    await page.goto(`${base}/admin/audit`);
    const entries = page.getByTestId("audit-entry");
    const disable = entries.filter({ hasText: learner.email }).and(page.locator('[data-action="user.disable"]'));
    const staff = entries.filter({ hasText: teacherEmail }).and(page.locator('[data-action="staff.add"]'));
    await expect.poll(() => disable.count()).toBe(1);
    await expect.poll(() => staff.count()).toBe(1);
    expect(await disable.innerText()).toContain("Shared answers in the forum");
    expect(await disable.innerText()).toContain(ADMIN);
    expect(await staff.innerText()).toContain(COURSE_ID);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "admin-audit-light.png"), fullPage: true });
  });

  it("shows the platform's health: the grading processes alive, the queue, the database and the version", async () => {
    const page = await pageAs(ADMIN, "pagewise-demo");
    await page.goto(`${base}/admin/health`);
    await expect.poll(async () => Number(await page.getByTestId("graders-alive").innerText())).toBeGreaterThan(0);
    expect(await page.getByTestId("queue-depth").innerText()).toMatch(/^\d+$/);
    const checks = await page.getByTestId("readiness-checks").innerText();
    expect(checks).toMatch(/ok database: SQLite answers/);
    expect(await page.locator("body").innerText()).toMatch(/Pagewise 0\.1\.0 · grader \d+\.\d+\.\d+ · Node v\d+/);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(screenshots, "admin-health-dark.png"), fullPage: true });
  });
});
