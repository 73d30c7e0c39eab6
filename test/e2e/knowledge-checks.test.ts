import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knowledgeChecksFileSchema } from "../../content/kit/knowledge-check-schema";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, signUpNewAccount } from "./steps";

// A learner answers a lesson's knowledge checks in the browser: wrong, then right, kept after a reload, and the
// course's progress bar moves. The answer key never reaches the page before an answer.

const lessonUrl = `${base}/courses/memory-between-kernel-and-user/two-level-paging`;
const courseUrl = `${base}/courses/memory-between-kernel-and-user`;
const checksFile = path.resolve(
  import.meta.dirname,
  "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/knowledge-checks.json",
);
const explanations = knowledgeChecksFileSchema
  .parse(JSON.parse(readFileSync(checksFile, "utf8")))
  .checks.map((check) => check.explanation);

let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(async () => {
  await env?.close();
});

async function signUpAndEnroll(page: Page): Promise<void> {
  await page.goto(`${base}/sign-up`);
  await page.getByLabel("Name").fill("Kay");
  await page.getByLabel("Email").fill(`kay-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${base}/courses`);
  await page.goto(courseUrl);
  await page.getByRole("button", { name: "Enroll in this course" }).click();
  await expect.poll(() => page.getByText("You are enrolled").count(), { timeout: 15_000 }).toBe(1);
}

const progressNow = (page: Page) =>
  page.getByRole("progressbar", { name: "Your progress in this course" }).getAttribute("aria-valuenow");

describe("knowledge checks", () => {
  it("grades a wrong then a right answer, keeps it after a reload, and moves the progress bar", async () => {
    const { page } = await env.newPage();
    await signUpAndEnroll(page);
    const before = Number(await progressNow(page));

    await page.goto(lessonUrl);
    expect(explanations.length).toBeGreaterThanOrEqual(2);
    const html = await page.content();
    for (const explanation of explanations) expect(html).not.toContain(explanation.slice(0, 40));

    const check = page.locator('[data-check-id="pde-index"]');
    const input = check.getByLabel(/Your answer/);
    const verdict = check.getByTestId("knowledge-check-verdict");
    await input.fill("0x301");
    await input.press("Enter");
    await expect
      .poll(() => verdict.textContent(), { timeout: 15_000 })
      .toMatch(/Not quite\. The answer is 0x300 \(768\)/);
    await input.fill(" 768 ");
    await check.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 15_000 }).toMatch(/^Correct\./);
    expect(await input.isDisabled()).toBe(true);

    // Multiple choice from the keyboard: a wrong option and Enter, then the right one.
    const rights = page.locator('[data-check-id="rights-combine"]');
    await rights.getByLabel(/The write succeeds/).check();
    await rights.getByLabel(/The write succeeds/).press("Enter");
    const rightsVerdict = rights.getByTestId("knowledge-check-verdict");
    await expect.poll(() => rightsVerdict.textContent(), { timeout: 15_000 }).toMatch(/Not quite/);
    await rights.getByLabel(/error code `?0x7/).check();
    await rights.getByRole("button", { name: "Check" }).click();
    await expect.poll(() => rightsVerdict.textContent(), { timeout: 15_000 }).toMatch(/^Correct\./);

    await page.reload();
    const restored = page.locator('[data-check-id="pde-index"]');
    await expect
      .poll(() => restored.getByTestId("knowledge-check-verdict").textContent(), { timeout: 15_000 })
      .toMatch(/^Correct\./);
    expect(await restored.getByLabel(/Your answer/).inputValue()).toBe("768");
    expect(
      await page.locator('[data-check-id="rights-combine"] input[type="radio"]:checked').getAttribute("value"),
    ).toBe("fault-7");

    await page.goto(courseUrl);
    expect(Number(await progressNow(page))).toBe(before + 2);
    expect(await page.getByText("(2 of 4 knowledge checks answered correctly)").count()).toBe(1);
  });

  it("refuses answers from another origin, signed out, not enrolled, malformed or for no such check", async () => {
    const { context } = await env.newPage();
    const body = { lessonId: "memory-between-kernel-and-user/two-level-paging", checkId: "pde-index", answer: "768" };
    const post = (data: unknown, origin = base) =>
      context.request.post(`${base}/api/knowledge-checks`, { data, headers: { origin } });

    expect((await post(body)).status()).toBe(401);
    const foreign = await post(body, "https://evil.example");
    expect(foreign.status()).toBe(403);
    expect((await foreign.json()).error.code).toBe("bad_origin");

    await signUpNewAccount(context.request, "Not Enrolled", "kc-outsider");
    const notEnrolled = await post(body);
    expect(notEnrolled.status()).toBe(403);
    expect((await notEnrolled.json()).error.code).toBe("not_enrolled");
    expect((await post({ ...body, extra: 1 })).status()).toBe(400);
    // Not a member of the lesson's course: refused before the check is looked up (bad-input.test.ts has the 404s).
    expect((await post({ ...body, checkId: "no-such-check" })).status()).toBe(403);
  });

  it("sent no request outside 127.0.0.1", () => {
    expect(env.outsideRequests).toEqual([]);
  });
});
