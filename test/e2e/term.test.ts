import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnv } from "../setup/e2e-server";
import { freePort, startServer, type RunningServer } from "../setup/start-server";
import { launchBrowser, type E2eBrowser } from "./browser";
import { COURSE_ID, e2eDb, signUpCookie } from "./personas";
import { replaceEditorCode } from "./steps";

/**
 * A term as an instructor runs it (issue 14), in Chromium against a server of its own that reads a copy of the
 * course content with deadlines set in it (CONTENT_ROOT), on the suite's database: a late submission gets 50% and
 * says so, a closed exercise refuses with its closing time, an extension lets the learner submit at full credit.
 */
const root = path.resolve(import.meta.dirname, "../..");
// Outside the repository: the copy's exercise sources must not be type-checked, linted or tested as ours.
const contentCopy = mkdtempSync(path.join(tmpdir(), "pagewise-term-content-"));
const course = path.join(contentCopy, COURSE_ID);
const WALK = { id: "walk-32", lesson: "two-level-paging", dir: "02.paging/01.two-level-paging/exercises/walk-32" };
const CLASSIFY = { id: "classify-address", lesson: "virtual-address-spaces", dir: "01.address-spaces/01.virtual-address-spaces/exercises/classify-address" };
const HOUR = 3_600_000;

/** A grader built from the content with the changed check (inside the repository: it resolves node_modules). */
const changedGrader = path.join(root, "generated/grader-e2e-term");
const db = e2eDb();
let server: RunningServer;
let port: number;
let serverEnv: NodeJS.ProcessEnv;
let browser: E2eBrowser;
let learnerEmail: string;
let learnerCookie: string;
/** The moment classify-address closed, as the server's refusal names it. */
let classifyClosedAt: Date;

/** An instant as settings.json wants it: ISO-8601 with a zone, to the minute. */
function zoned(ms: number): string {
  return `${new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 16)}:00Z`;
}

function setAccess(exerciseDir: string, access: unknown): void {
  const file = path.join(course, exerciseDir, "settings.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), access }, null, 2));
}

const solution = (exerciseDir: string) => readFileSync(path.join(root, "content", COURSE_ID, exerciseDir, "solution.ts"), "utf8");

beforeAll(async () => {
  cpSync(path.join(root, "content", COURSE_ID), course, { recursive: true });
  const now = Date.now();
  // walk-32: due an hour ago, late at 50% for six more hours. classify-address: closed two hours ago.
  setAccess(WALK.dir, [
    { until: zoned(now - HOUR), credit: 100 },
    { until: zoned(now + 6 * HOUR), credit: 50 },
  ]);
  classifyClosedAt = new Date(zoned(now - 2 * HOUR));
  setAccess(CLASSIFY.dir, [{ until: classifyClosedAt.toISOString().replace(".000Z", "Z"), credit: 100 }]);

  port = await freePort();
  serverEnv = { ...e2eEnv(), PUBLIC_URL: `http://127.0.0.1:${port}`, CONTENT_ROOT: contentCopy };
  server = await startServer(port, serverEnv);
  learnerEmail = `term-learner-${Date.now()}@example.test`;
  learnerCookie = await signUpCookie("Term Learner", learnerEmail, "term-password-1", server.url);
  const learner = await db.user.findUniqueOrThrow({ where: { email: learnerEmail } });
  await db.enrollment.create({ data: { userId: learner.id, courseId: COURSE_ID, role: "learner" } });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await db.$disconnect();
  rmSync(contentCopy, { recursive: true, force: true });
  rmSync(changedGrader, { recursive: true, force: true });
});

async function signedInPage(email: string, password: string): Promise<Page> {
  const { page } = await browser.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/courses`);
  return page;
}

async function submitThroughApi(exerciseId: string, code: string) {
  return fetch(`${server.url}/api/submissions`, {
    method: "POST",
    headers: { origin: server.url, cookie: learnerCookie, "content-type": "application/json" },
    body: JSON.stringify({ exerciseId, code }),
  });
}

describe("a term with deadlines, late credit and extensions", () => {
  let learner: Page;
  let instructor: Page;

  it("grades a late submission at 50% and says so, beside the countdown of the late window", async () => {
    // A first try through the API (the learner's page then holds two submissions to compare).
    const firstTry = await submitThroughApi(WALK.id, `// first try\n${solution(WALK.dir)}`);
    expect(firstTry.status).toBe(202);
    const firstId = ((await firstTry.json()) as { submission: { id: string } }).submission.id;
    await expect.poll(async () => (await db.submission.findUniqueOrThrow({ where: { id: firstId } })).status, { timeout: 60_000 }).toBe("graded");
    learner = await signedInPage(learnerEmail, "term-password-1");
    await learner.goto(`${server.url}/courses/${COURSE_ID}/${WALK.lesson}`);
    const status = learner.getByTestId("access-status").first();
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 30_000 }).toBe("late");
    expect(await status.textContent()).toMatch(/^Late: 50% credit until .+ · 5h \d+m left$/);
    await replaceEditorCode(learner, solution(WALK.dir));
    await learner.getByRole("button", { name: "Submit", exact: true }).click();
    // The panel showed the first try's result until now: wait for this submission's own.
    const graded = () => db.submission.count({ where: { user: { email: learnerEmail }, exerciseId: WALK.id, status: "graded" } });
    await expect.poll(graded, { timeout: 60_000 }).toBe(2);
    await expect.poll(() => learner.getByTestId("submission-pending").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => learner.getByTestId("score").first().textContent(), { timeout: 60_000 }).toBe("10 / 20");
    expect(await learner.getByTestId("credit-note").first().textContent()).toBe("late: 50% credit (20 before credit)");
    const stored = await db.submission.findMany({ where: { user: { email: learnerEmail }, exerciseId: WALK.id } });
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row).toMatchObject({ rawScore: 20, credit: 50, creditReason: "late", windowIndex: 1, score: 10 });
  });

  it("shows a closed exercise as closed and refuses a submission with its closing time", async () => {
    await learner.goto(`${server.url}/courses/${COURSE_ID}/${CLASSIFY.lesson}`);
    const status = learner.getByTestId("access-status").first();
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 30_000 }).toBe("closed");
    expect(await learner.getByRole("button", { name: "Submit", exact: true }).isDisabled()).toBe(true);
    const refused = await submitThroughApi(CLASSIFY.id, solution(CLASSIFY.dir));
    expect(refused.status).toBe(403);
    const expectedTime = `${classifyClosedAt.toISOString().slice(0, 10)} ${classifyClosedAt.toISOString().slice(11, 16)} UTC`;
    expect(await refused.json()).toEqual({ error: { code: "exercise_closed", message: `This exercise closed at ${expectedTime}; it accepts no more submissions.` } });
  });

  it("lets the instructor grant an extension on the Extensions page, and the learner then submits at full credit", async () => {
    instructor = await signedInPage("instructor@pagewise.local", "pagewise-demo");
    await instructor.goto(`${server.url}/courses/${COURSE_ID}/extensions`);
    await instructor.getByLabel("Learner").selectOption(learnerEmail);
    await instructor.getByLabel("Exercise").selectOption(CLASSIFY.id);
    // The browser's own zone (the suite's Chromium runs in the machine's): a day from now, as the input writes it.
    const until = await instructor.evaluate(() => {
      const at = new Date(Date.now() + 24 * 3_600_000);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    });
    await instructor.getByLabel("Until (your time zone)").fill(until);
    await instructor.getByLabel("Credit (%)").fill("100");
    await instructor.getByRole("button", { name: "Grant extension" }).click();
    await expect.poll(() => instructor.getByRole("status").textContent(), { timeout: 30_000 }).toMatch(/^Extension granted to Term Learner on classify-address until /);
    await expect.poll(() => instructor.getByTestId("extensions").textContent(), { timeout: 30_000 }).toContain(learnerEmail);

    await learner.reload();
    const status = learner.getByTestId("access-status").first();
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 30_000 }).toBe("extension");
    expect(await status.textContent()).toMatch(/^Extension: 100% credit until .+ · 2[34]h \d+m left$/);
    await replaceEditorCode(learner, solution(CLASSIFY.dir));
    await learner.getByRole("button", { name: "Submit", exact: true }).click();
    const maxScore = (await db.exercise.findUniqueOrThrow({ where: { id: CLASSIFY.id } })).maxScore;
    await expect.poll(() => learner.getByTestId("score").first().textContent(), { timeout: 60_000 }).toBe(`${maxScore} / ${maxScore}`);
    expect(await learner.getByTestId("credit-note").first().textContent()).toBe("extension: 100% credit");
  });

  it("lets the instructor read the learner's work from the gradebook: results, code, a diff; and set a grade the learner sees", async () => {
    await instructor.goto(`${server.url}/courses/${COURSE_ID}/gradebook`);
    const row = instructor.getByRole("row").filter({ hasText: learnerEmail });
    await row.getByTestId(`cell-${WALK.id}`).getByRole("link").click();
    await instructor.waitForURL(/\/learners\//);
    const section = instructor.locator(`#exercise-${WALK.id}`);
    await expect.poll(() => section.getByTestId(`grade-${WALK.id}`).textContent()).toMatch(/^Grade: 10 \/ 20 · 2 submissions · some late/);
    // The newest submission is shown: its per-check results and its code, read-only.
    await expect.poll(() => section.getByTestId("result-panel").textContent()).toContain("late: 50% credit (20 before credit)");
    await section.locator(".code-viewer .view-lines").first().waitFor({ state: "visible", timeout: 60_000 });
    expect(await section.locator(".code-viewer .view-lines").first().textContent()).toMatch(/^import\s*\{\s*CR0_WP/);
    // Both ticked: the first try's added line is what changed.
    const submissions = section.getByTestId(`submissions-${WALK.id}`);
    for (const checkbox of await submissions.getByRole("checkbox").all()) await checkbox.check();
    const diff = section.getByTestId("submission-diff");
    await expect.poll(() => diff.textContent(), { timeout: 30_000 }).toContain("Submission 1 → 2");
    await diff.locator(".monaco-diff-editor .view-lines").first().waitFor({ state: "visible", timeout: 60_000 });
    await expect.poll(() => diff.locator(".monaco-diff-editor .line-delete, .monaco-diff-editor .char-delete").count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await section.getByText("Set the grade by hand").click();
    await section.getByRole("spinbutton").fill("18");
    await section.getByLabel("Reason (the learner reads it)").fill("Walked me through the fault path in office hours");
    await section.getByRole("button", { name: "Set grade" }).click();
    await expect.poll(() => section.getByTestId(`grade-${WALK.id}`).textContent(), { timeout: 30_000 }).toMatch(/^Grade: 18 \/ 20 \(set by hand; automatic 10\)/);
    await expect.poll(() => section.getByRole("list", { name: "Grade history" }).textContent()).toContain("18 / 20 by Demo Instructor");

    await learner.goto(`${server.url}/courses/${COURSE_ID}/${WALK.lesson}`);
    await expect.poll(() => learner.getByTestId("grade-override").textContent(), { timeout: 30_000 }).toBe(
      // (<q> draws its quotation marks with CSS: they are not in the text.)
      "Your grade: 18 / 20, set by Demo Instructor: Walked me through the fault path in office hours (your best submission scored 10).",
    );
  });

  it("exports the gradebook as CSV with the page's filters, and for Canvas, both parsing back to the grades", async () => {
    await instructor.goto(`${server.url}/courses/${COURSE_ID}/gradebook`);
    await instructor.locator("select[name=show]").selectOption("late"); // getByLabel would also match the charts, whose summaries count learners
    await instructor.getByRole("button", { name: "Apply" }).click();
    await instructor.waitForURL(/show=late/);
    const [download] = await Promise.all([instructor.waitForEvent("download"), instructor.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${COURSE_ID}-gradebook-late-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const records: string[][] = parse(readFileSync(await download.path(), "utf8"));
    const header = records[0] ?? [];
    expect(header.slice(0, 2)).toEqual(["name", "email"]);
    expect(header.at(-1)).toBe("total");
    const mine = records.find((record) => record[1] === learnerEmail) ?? [];
    const column = (id: string) => mine[header.indexOf(id)];
    const classifyMax = (await db.exercise.findUniqueOrThrow({ where: { id: CLASSIFY.id } })).maxScore;
    expect([column(WALK.id), column(CLASSIFY.id), column("walk-64")]).toEqual(["18", String(classifyMax), ""]);
    expect(Number(mine.at(-1))).toBe(18 + classifyMax);
    // Every learner listed has late work (the filter applied to the export).
    const late = await db.submission.findMany({ where: { creditReason: { in: ["late", "grace"] }, exercise: { courseId: COURSE_ID } }, select: { user: { select: { email: true } } } });
    expect(records.slice(1).map((record) => record[1]).sort()).toEqual([...new Set(late.map((row) => row.user.email))].sort());

    const canvasHref = await instructor.getByTestId("export-canvas").getAttribute("href");
    const canvas = await instructor.evaluate(async (href) => (await fetch(href ?? "")).text(), canvasHref);
    const canvasRecords: string[][] = parse(canvas);
    expect(canvasRecords[0]?.slice(0, 5)).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]);
    expect(canvasRecords[1]?.[0]).toBe("Points Possible");
    expect(canvasRecords.find((record) => record[3] === learnerEmail)?.[0]).toBe("Term Learner");
  });

  it("regrades after a check changed: a preview of the score changes, then applied, and the learner sees from what to what", async () => {
    // The classic slip: the error code forgets U/S for user-mode faults. Today's check gives it 7 of 20 (3.5, late).
    const slip = solution(WALK.dir).replace("if (isUser) bits |= PF_U;", "");
    const submitted = await submitThroughApi(WALK.id, slip);
    expect(submitted.status).toBe(202);
    const slipId = ((await submitted.json()) as { submission: { id: string } }).submission.id;
    await expect.poll(async () => (await db.submission.findUniqueOrThrow({ where: { id: slipId } })).status, { timeout: 60_000 }).toBe("graded");
    expect(await db.submission.findUniqueOrThrow({ where: { id: slipId } })).toMatchObject({ rawScore: 7, score: 3.5 });

    // The instructor decides U/S is not this exercise's business: the check compares error codes without it. The
    // change goes into the content the server reads and into a grader built from it, which the server restarts on.
    const messages = path.join(WALK.dir, "spec-messages.ts");
    const changed = readFileSync(path.join(course, messages), "utf8").replace(
      "return expected.errorCode === actual.errorCode && expected.cr2 === actual.cr2;",
      "return (expected.errorCode & ~PF_U) === (actual.errorCode & ~PF_U) && expected.cr2 === actual.cr2;",
    );
    expect(changed).toContain("~PF_U");
    writeFileSync(path.join(course, messages), changed);
    execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build-grader.ts", "--out-dir", changedGrader, "--replace", `${path.join(root, "content", COURSE_ID, messages)}=${path.join(course, messages)}`], { cwd: root, stdio: "pipe" });
    await server.stop();
    server = await startServer(port, { ...serverEnv, GRADER_BUILD_DIR: changedGrader });

    await instructor.goto(`${server.url}/courses/${COURSE_ID}/exercises/${WALK.id}`);
    const panel = instructor.getByTestId("regrade-panel");
    await panel.getByRole("button", { name: "Preview regrade" }).click();
    await expect.poll(() => panel.getByTestId("regrade-status").textContent(), { timeout: 120_000 }).toMatch(/^Preview: \d+ of \d+ grades would change \(\d+ failed\)\. Nothing has changed yet\.$/);
    expect(await panel.getByTestId("regrade-changes").getByRole("row").filter({ hasText: slipId }).textContent()).toContain("3.5 → 10");
    expect((await db.submission.findUniqueOrThrow({ where: { id: slipId } })).score).toBe(3.5);

    await panel.getByRole("button", { name: "Apply: regrade for real" }).click();
    await expect.poll(() => panel.getByTestId("regrade-status").textContent(), { timeout: 120_000 }).toMatch(/^Regraded \d+ of \d+ submissions: \d+ changed, \d+ failed\.$/);
    const version = (await db.exercise.findUniqueOrThrow({ where: { id: WALK.id } })).contentHash;
    expect(await db.submission.findUniqueOrThrow({ where: { id: slipId } })).toMatchObject({ rawScore: 20, score: 10, regradedFrom: 3.5, exerciseVersion: version });
    // The first grading and the regrade are both kept.
    expect((await db.grading.findMany({ where: { submissionId: slipId }, orderBy: { createdAt: "asc" } })).map((g) => [g.kind, g.rawScore])).toEqual([
      ["submit", 7],
      ["preview", 20],
      ["regrade", 20],
    ]);

    await learner.goto(`${server.url}/courses/${COURSE_ID}/${WALK.lesson}`);
    await expect.poll(() => learner.getByTestId("submission-history").textContent(), { timeout: 30_000 }).toContain("(regraded: 3.5 -> 10)");
  });

  it("revokes the extension, and the exercise is closed to the learner again", async () => {
    await instructor.goto(`${server.url}/courses/${COURSE_ID}/extensions`);
    instructor.once("dialog", (dialog) => void dialog.accept());
    // Other specs share the database (and may have granted extensions of their own): this learner's row only.
    await instructor.getByRole("row").filter({ hasText: learnerEmail }).getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => instructor.getByRole("row").filter({ hasText: learnerEmail }).count(), { timeout: 30_000 }).toBe(0);
    expect((await submitThroughApi(CLASSIFY.id, solution(CLASSIFY.dir))).status).toBe(403);
    expect(browser.outsideRequests).toEqual([]);
  });
});
