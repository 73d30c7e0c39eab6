import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, replaceEditorCode, signIn, signUpNewAccount } from "./steps";

const exerciseDir = path.resolve(import.meta.dirname, "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32");
// A first line of our own makes the restored draft recognisable after a reload.
const correctSolution = `// e2e: my own walk\n${readFileSync(path.join(exerciseDir, "solution.ts"), "utf8")}`;
// The classic slip: the error code forgets U/S for user-mode faults. Some checks pass, some do not.
const buggySolution = correctSolution.replace("if (isUser) bits |= PF_U;", "");

let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(async () => {
  await env?.close();
});

async function signUp(page: Page, name: string, email: string) {
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${base}/courses`);
}

/**
 * Runs in the page: whether the editor line showing `text` has a red error squiggle. Monaco draws a line's
 * text in `.view-lines` and its decorations (squiggles among them) in `.view-overlays`, in a row at the same
 * height; it draws only the lines on screen.
 */
function hasErrorSquiggleOnLine(editor: Element, text: string): boolean {
  const line = [...editor.querySelectorAll<HTMLElement>(".view-lines > .view-line")].find((row) => row.textContent?.includes(text));
  if (!line) return false;
  return [...editor.querySelectorAll<HTMLElement>(".view-overlays > div")].some((row) => row.style.top === line.style.top && row.querySelector(".squiggly-error") !== null);
}

describe("a learner's first path", () => {
  it("signs up, enrolls, solves walk-32 in the editor, runs, submits, sees full marks, and keeps it after a reload", async () => {
    const { page } = await env.newPage();
    await signUp(page, "Ada", `ada-${Date.now()}@example.test`);

    await page.getByRole("link", { name: "Memory between kernel and user space" }).click();
    await page.getByRole("button", { name: "Enroll in this course" }).click();
    await expect.poll(() => page.getByText("You are enrolled").count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole("link", { name: /two-level paging/i }).first().click();
    await page.waitForURL(/\/courses\/memory-between-kernel-and-user\//);
    await replaceEditorCode(page, correctSolution);

    await page.getByRole("button", { name: "Run", exact: true }).click();
    const panel = page.getByTestId("result-panel");
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toMatch(/All \d+ public checks pass/);

    const clickedAt = Date.now();
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    await expect.poll(() => page.getByTestId("score").first().textContent(), { timeout: 60_000 }).toBe("20 / 20");
    console.log(`[e2e] Submit click to full result on screen: ${Date.now() - clickedAt} ms`);

    await page.reload();
    const history = page.getByTestId("submission-history");
    await expect.poll(() => history.textContent(), { timeout: 15_000 }).toMatch(/graded.*20 \/ 20/);
    await page.locator(".monaco-editor").first().waitFor({ state: "visible", timeout: 60_000 });
    // Monaco draws spaces as no-break spaces.
    const firstLines = async () => ((await page.locator(".monaco-editor .view-lines").first().textContent()) ?? "").replaceAll("\u00a0", " ");
    await expect.poll(firstLines, { timeout: 30_000 }).toContain("// e2e: my own walk");
  });

  it("gives a wrong solution per-check feedback and a partial score", async () => {
    const { page } = await env.newPage();
    await signIn(page, "learner@pagewise.local");
    await page.goto(`${base}/courses/memory-between-kernel-and-user/two-level-paging`);
    await replaceEditorCode(page, buggySolution);
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    const score = page.getByTestId("score").first();
    // The panel may first show this learner's previous (full-marks) submission: wait for a partial score.
    await expect.poll(() => score.textContent(), { timeout: 60_000 }).toMatch(/^1?\d(\.\d)? \/ 20$/);
    const earned = Number((await score.textContent())?.split(" / ")[0]);
    expect(earned).toBeGreaterThan(0);
    expect(earned).toBeLessThan(20);
    const failing = page.locator('[data-testid="check"][data-verdict="fail"]');
    expect(await failing.count()).toBeGreaterThan(0);
    // The message speaks about the learner's answer: the error code they returned and the expected one.
    expect(await failing.first().textContent()).toMatch(/error code/i);
  });

  it("shows the instructor every learner's best score in the gradebook, and keeps learners out of it", async () => {
    const { page } = await env.newPage();
    await signIn(page, "instructor@pagewise.local");
    await page.goto(`${base}/courses/memory-between-kernel-and-user`);
    await page.getByRole("link", { name: "Open the gradebook" }).click();
    const learnerRow = page.getByRole("row", { name: /Demo Learner/ });
    // The demo learner submitted the buggy solution in the test above (other spec files may add more).
    await expect.poll(() => learnerRow.textContent(), { timeout: 15_000 }).toMatch(/\d+(\.\d)? \/ 20 \(\d+ submissions?\)/);
    await expect.poll(() => page.getByRole("row", { name: /Ada/ }).textContent()).toMatch(/20 \/ 20/);

    const learner = await env.newPage();
    await signIn(learner.page, "learner@pagewise.local");
    await learner.page.goto(`${base}/courses/memory-between-kernel-and-user/gradebook`);
    // The 403 page (app/forbidden.tsx), not the gradebook.
    await expect.poll(() => learner.page.getByRole("heading", { level: 1 }).textContent()).toBe("You cannot open this page");
    expect(await learner.page.getByRole("row", { name: /Demo Learner/ }).count()).toBe(0);
  });

  it("knows the simulation core's types: a misspelt method is a red squiggle and a compile error on Run", async () => {
    const { page } = await env.newPage();
    await signIn(page, "learner@pagewise.local");
    await page.goto(`${base}/courses/memory-between-kernel-and-user/two-level-paging`);
    // The misspelt call goes last: after a paste the editor shows where the cursor ends, and Monaco draws
    // squiggles only for what is on screen. (It used to go first, with Ctrl+Home pressed right after the paste:
    // the paste lands asynchronously, and on busy cores Ctrl+Home came first, leaving the top off screen.)
    const probe = 'import type { PhysicalMemory as M } from "@pagewise/sim";\nexport const probe = (m: M) => m.read33(0);\n';
    await replaceEditorCode(page, correctSolution + probe);
    // What the learner waits for: the pasted line on screen, then the red squiggle under it, drawn when Monaco's
    // TypeScript worker has checked the code (in its own time). The bounds are for failures, not for pacing.
    const editor = page.locator(".monaco-editor").first();
    await editor.locator(".view-line", { hasText: "m.read33(0)" }).waitFor({ state: "visible", timeout: 60_000 });
    await expect.poll(() => editor.evaluate(hasErrorSquiggleOnLine, "m.read33(0)"), { timeout: 120_000, interval: 250 }).toBe(true);
    // Run reads the very markers that squiggle is drawn from.
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.getByTestId("result-panel").textContent(), { timeout: 60_000 }).toMatch(/read33.*does not exist on type 'PhysicalMemory'/);
  }, 300_000);

  it("refuses a submission from someone signed out, or not enrolled in the course", async () => {
    const { context } = await env.newPage();
    const body = { exerciseId: "walk-32", code: correctSolution };
    // As the site's own pages send them: with our Origin (anything else is refused before the session is read).
    const headers = { origin: base };
    const signedOut = await context.request.post(`${base}/api/submissions`, { data: body, headers });
    expect(signedOut.status()).toBe(401);

    await signUpNewAccount(context.request, "Not Enrolled", "outsider");
    const notEnrolled = await context.request.post(`${base}/api/submissions`, { data: body, headers });
    expect(notEnrolled.status()).toBe(403);
    expect((await notEnrolled.json()).error.code).toBe("not_enrolled");

    const malformed = await context.request.post(`${base}/api/submissions`, { data: "{not json", headers: { ...headers, "content-type": "application/json" } });
    expect(malformed.status()).toBe(400);
    const unknown = await context.request.post(`${base}/api/submissions`, { data: { exerciseId: "no-such-exercise", code: "x" }, headers });
    expect(unknown.status()).toBe(404);
  });

  it("sent no request outside 127.0.0.1", () => {
    expect(env.outsideRequests).toEqual([]);
  });
});
