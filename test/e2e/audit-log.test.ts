import { mkdirSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { launchBrowser, type E2eBrowser } from "./browser";
import { COURSE_ID, e2eDb, signedInPage, signInCookie, signUpCookie } from "./personas";
import { base, sameOrigin } from "./steps";

/**
 * The audit log in Chromium (issue 15, decision 0154): an instructor sets a grade by hand; the course's log shows the
 * act to its instructor, and the platform's log to an admin, who filters it to that grade and downloads it as CSV.
 */
const db = e2eDb();
// Written for a person to look at (not committed): the admin's log in light and dark.
const screenshots = path.resolve(import.meta.dirname, "../../test-results/screenshots");
const INSTRUCTOR = "instructor@pagewise.local";
const ADMIN = "admin@pagewise.local";
const PASSWORD = "pagewise-demo";
let browser: E2eBrowser;
let learnerId: string;
let reason: string;

/** A page signed in as `email`. */
const pageAs = (email: string): Promise<Page> => signedInPage(browser, email, PASSWORD);

beforeAll(async () => {
  browser = await launchBrowser();
  // A learner of the course of their own, so the grade set here is nobody else's.
  const email = `audit-learner-${Date.now()}@example.test`;
  await signUpCookie("Audit Learner", email, "audit-password-1");
  learnerId = (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
  // Enrolling is the course page's button (a server action); the suites that are not about it write the row.
  await db.enrollment.create({ data: { userId: learnerId, courseId: COURSE_ID, role: "learner" } });
  reason = `Oral exam ${Date.now()}`;
  const instructorCookie = await signInCookie(INSTRUCTOR, PASSWORD);
  const set = await fetch(`${base}/api/courses/${COURSE_ID}/overrides`, {
    method: "POST",
    headers: { ...sameOrigin, cookie: instructorCookie, "content-type": "application/json" },
    body: JSON.stringify({ userId: learnerId, exerciseId: "walk-32", score: 17, reason }),
  });
  expect(set.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

describe("the audit log", () => {
  it("shows the course's instructor the grade they set: who, from where, before and after", async () => {
    const page = await pageAs(INSTRUCTOR);
    await page.goto(`${base}/courses/${COURSE_ID}/audit?target=${learnerId}`);
    const row = page.getByTestId("audit-entry").first();
    await expect.poll(() => row.getAttribute("data-action")).toBe("override.set");
    const text = await row.innerText();
    expect(text).toContain("Grade set by hand");
    expect(text).toContain(INSTRUCTOR);
    expect(text).toContain(`${learnerId}:walk-32`);
    expect(text).toContain(reason);
    expect(text).toMatch(/override\s+17/);
    await expectNoAxeViolations(page);
  });

  it("lets an admin find the act among the platform's, filter it to that grade, and export it as CSV", async () => {
    const page = await pageAs(ADMIN);
    await page.goto(`${base}/courses`);
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await page.waitForURL(`${base}/admin`);
    await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(`${base}/admin/audit`);
    await page.getByLabel("What").selectOption("override.set");
    await page.getByLabel("Target").fill(`${learnerId}:walk-32`);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/action=override.set/);
    const rows = page.getByTestId("audit-entry");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(COURSE_ID);
    await expectNoAxeViolations(page);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "audit-log-light.png"), fullPage: true });
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(screenshots, "audit-log-dark.png"), fullPage: true });

    const href = await page.getByTestId("audit-export").getAttribute("href");
    expect(href).toBe(`/admin/audit.csv?action=override.set&target=${encodeURIComponent(`${learnerId}:walk-32`)}`);
    const csv = await page.request.get(`${base}${href ?? ""}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-platform-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor_kind: "user", actor: INSTRUCTOR, action: "override.set", target_type: "grade", target_id: `${learnerId}:walk-32`, course_id: COURSE_ID });
    expect(JSON.parse(records[0]?.after ?? "null")).toEqual({ override: 17, reason });
  });

  it("says so when no entry matches", async () => {
    const page = await pageAs(ADMIN);
    await page.goto(`${base}/admin/audit?target=no-such-target-anywhere`);
    await expect.poll(() => page.getByTestId("audit-empty").innerText()).toBe("No entry matches these filters.");
  });
});
