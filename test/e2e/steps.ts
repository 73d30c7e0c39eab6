import type { APIRequestContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { FINAL_SUBMISSION_STATUSES, submissionResponseSchema, type SubmissionView } from "../../contract/http/submissions";
import { E2E_PORT } from "../setup/e2e-server";

/** Steps the end-to-end specs share: signing in, and putting code into an exercise's editor. */
export const base = `http://127.0.0.1:${E2E_PORT}`;

/** As the site's own pages send requests: with our Origin (anything else is refused before the session is read). */
export const sameOrigin = { origin: base };

/**
 * Signs up a new account through the API the sign-up form uses; `request` carries its session from then on. A fresh
 * account leaves the demo accounts as the other suites expect them. Returns the account's email.
 */
export async function signUpNewAccount(request: APIRequestContext, name: string, emailPrefix: string): Promise<string> {
  const email = `${emailPrefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const response = await request.post(`${base}/api/auth/sign-up/email`, { data: { name, email, password: "a-long-password" }, headers: sameOrigin });
  expect(response.ok()).toBe(true);
  return email;
}

/**
 * Submits code through the API the Submit button uses and long-polls (5 s at a time, at most `maxWaitMs`) until
 * grading ends; returns the submission as it then stands, final unless the wait ran out.
 */
export async function submitAndAwaitGrading(request: APIRequestContext, exerciseId: string, code: string, maxWaitMs = 150_000): Promise<SubmissionView> {
  const accepted = await request.post(`${base}/api/submissions`, { data: { exerciseId, code }, headers: sameOrigin });
  expect(accepted.status()).toBe(202);
  let { submission } = submissionResponseSchema.parse(await accepted.json());
  for (let waited = 0; waited < maxWaitMs && !FINAL_SUBMISSION_STATUSES.includes(submission.status); waited += 5_000) {
    const response = await request.get(`${base}/api/submissions/${submission.id}?waitMs=5000`);
    submission = submissionResponseSchema.parse(await response.json()).submission;
  }
  return submission;
}

export async function signIn(page: Page, email: string, password = "pagewise-demo") {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/courses`);
}

/** Replaces the code in the first editor inside `scope` (the page, or one exercise's section). */
export async function replaceEditorCode(page: Page, code: string, scope: Page | Locator = page) {
  const editor = scope.locator(".monaco-editor").first();
  await editor.waitFor({ state: "visible", timeout: 60_000 });
  // The editor's middle: its text layer moves with scrolling, so its own middle may lie outside the frame.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  // A paste, as a learner would: typed text would be re-indented and auto-closed by the editor.
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press("ControlOrMeta+V");
  // What a person waits for: the pasted code on screen. After a paste the editor shows its end, so wait for the
  // last line's longest word (Monaco draws spaces as no-break spaces, so a whole line would not match).
  const lastLine = code.trimEnd().split("\n").pop() ?? "";
  const word = lastLine.split(/\s+/).reduce((longest, w) => (w.length > longest.length ? w : longest), "");
  if (word) await editor.locator(".view-line", { hasText: word }).first().waitFor({ state: "visible", timeout: 60_000 });
}
