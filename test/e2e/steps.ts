import type { Locator, Page } from "playwright-core";
import { E2E_PORT } from "../setup/e2e-server";

/** Steps the end-to-end specs share: signing in, and putting code into an exercise's editor. */
export const base = `http://127.0.0.1:${E2E_PORT}`;

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
