import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations } from "./axe";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, replaceEditorCode, signIn } from "./steps";

/**
 * The lesson workspace as a learner uses it, at a desktop, a small laptop and a phone, light and dark: the editor
 * starts inside the first screen, Run's and Submit's summaries appear without scrolling, nothing is wider than the
 * window, and axe finds nothing. Each case writes a screenshot to test-results/screenshots (not committed).
 */
const LESSON = `${base}/courses/memory-between-kernel-and-user/two-level-paging`;
const exerciseDir = path.resolve(import.meta.dirname, "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32");
const solution = readFileSync(path.join(exerciseDir, "solution.ts"), "utf8");
const screenshots = path.resolve(import.meta.dirname, "../../test-results/screenshots");

const SIZES = [
  { width: 1440, height: 900, mobile: false },
  { width: 1024, height: 768, mobile: false },
  { width: 390, height: 844, mobile: true },
] as const;

let env: E2eBrowser;
beforeAll(async () => {
  env = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await env?.close();
});

async function openWorkspace(size: (typeof SIZES)[number], dark: boolean): Promise<Page> {
  const { page } = await env.newPage({ viewport: { width: size.width, height: size.height }, dark, mobile: size.mobile });
  await signIn(page, "learner@pagewise.local");
  await page.goto(LESSON);
  // A phone shows one tab at a time; the code is one tap away.
  if (size.mobile) await page.getByRole("tab", { name: "Code" }).click();
  await page.locator(".monaco-editor").first().waitFor({ state: "visible", timeout: 60_000 });
  return page;
}

/** Whether the element is wholly inside the window, as it stands (no scrolling). */
async function expectInWindow(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const window = page.viewportSize();
  expect(box, "the element is displayed").not.toBeNull();
  expect(window).not.toBeNull();
  if (!box || !window) return;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(window.height);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(window.width);
}

async function documentWidth(page: Page) {
  return page.evaluate(() => ({ document: document.documentElement.scrollWidth, window: window.innerWidth }));
}

describe("the lesson workspace", () => {
  for (const size of SIZES) {
    for (const dark of [false, true]) {
      const name = `${size.width}x${size.height}-${dark ? "dark" : "light"}`;
      it(`${name}: the editor starts in the first screen, Run's and Submit's summaries show without scrolling`, async () => {
        const page = await openWorkspace(size, dark);
        const editor = page.locator(".editor-frame").first();
        const editorBox = await editor.boundingBox();
        // The editor's top edge inside the first screen, with room below it to type.
        expect(editorBox?.y).toBeGreaterThan(0);
        expect((editorBox?.y ?? Infinity) + 120).toBeLessThan(size.height);

        await replaceEditorCode(page, solution);
        const summary = page.getByTestId("result-summary");
        const summaryText = summary.locator(".result-summary-text");
        await page.getByRole("button", { name: "Run", exact: true }).click();
        await expect.poll(() => summaryText.textContent(), { timeout: 30_000 }).toMatch(/^Run: all \d+ public checks pass/);
        await expectInWindow(page, summary);

        await page.getByRole("button", { name: "Submit", exact: true }).click();
        await expect.poll(() => summaryText.textContent(), { timeout: 60_000 }).toMatch(/^Full marks, 20 \/ 20: \d+ of \d+ checks pass\.$/);
        await expectInWindow(page, summary);
        const width = await documentWidth(page);
        expect(width.document).toBeLessThanOrEqual(width.window);

        // Touch screens have no Ctrl key: the hints are for keyboards only.
        expect(await page.locator(".kbd-hint").first().isVisible()).toBe(!size.mobile);
        await expectNoAxeViolations(page);
        await page.screenshot({ path: path.join(screenshots, `workspace-${name}.png`) });
        // The details, one tap or click away.
        await summary.getByRole("button", { name: "Details" }).click();
        await expect.poll(() => page.getByTestId("score").first().isVisible()).toBe(true);
        await page.screenshot({ path: path.join(screenshots, `workspace-${name}-details.png`) });
        await page.context().close();
      }, 240_000);
    }
  }

  it("remembers the tab on a phone, and the split between lesson and code on a wide screen", async () => {
    const phone = await openWorkspace(SIZES[2], false);
    await phone.getByRole("tab", { name: "Results" }).click();
    await phone.reload();
    await expect.poll(() => phone.getByRole("tab", { name: "Results" }).getAttribute("aria-selected")).toBe("true");
    expect(await phone.getByTestId("submission-history").isVisible()).toBe(true);
    expect(await phone.locator(".monaco-editor").first().isVisible()).toBe(false);
    // Back to the lesson, where a link leads to the exercise's code.
    await phone.getByRole("tab", { name: "Lesson" }).click();
    await phone.getByRole("link", { name: /Go to the exercise/ }).click();
    await expect.poll(() => phone.getByRole("tab", { name: "Code" }).getAttribute("aria-selected")).toBe("true");
    await phone.context().close();

    const wide = await openWorkspace(SIZES[0], false);
    const splitter = wide.getByRole("separator", { name: "Resize the lesson and the exercise" });
    const lessonPane = wide.locator("#ws-lesson");
    const before = { share: Number(await splitter.getAttribute("aria-valuenow")), width: (await lessonPane.boundingBox())?.width ?? 0 };
    await splitter.focus();
    for (let i = 0; i < 3; i++) await wide.keyboard.press("ArrowRight");
    await expect.poll(async () => Number(await splitter.getAttribute("aria-valuenow"))).toBe(before.share + 6);
    expect((await lessonPane.boundingBox())?.width ?? 0).toBeGreaterThan(before.width + 50);
    await wide.reload();
    await expect.poll(async () => Number(await splitter.getAttribute("aria-valuenow"))).toBe(before.share + 6);
    await splitter.focus();
    await wide.keyboard.press("Home");
    await expect.poll(async () => Number(await splitter.getAttribute("aria-valuenow"))).toBe(25);
    await wide.context().close();
  }, 240_000);

  it("keeps Run and Submit disabled, saying why, until the editor has loaded", async () => {
    const { page, context } = await env.newPage();
    await signIn(page, "learner@pagewise.local");
    // The page as the server sends it, before any script: the editor is still to load.
    const html = await (await context.request.get(LESSON)).text();
    for (const label of ["Run", "Submit"]) {
      const button = html.match(new RegExp(`<button[^>]*>${label}</button>`))?.[0] ?? "";
      expect(button).toContain('disabled=""');
      expect(button).toContain('aria-describedby="editor-loading-note"');
    }
    expect(html).toMatch(/id="editor-loading-note"[^>]*>Loading the editor… Run and Submit are ready once it has loaded\./);
    await context.close();
  });

  it("shows a compile error with its line and column and no score", async () => {
    const page = await openWorkspace(SIZES[0], false);
    await replaceEditorCode(page, `${solution}\nexport const broken: number = ;\n`);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const summary = page.getByTestId("result-summary").locator(".result-summary-text");
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toMatch(/^Compile error at line \d+, column \d+: .+\. No score\.$/);
    const panel = page.getByTestId("result-panel");
    await expect.poll(() => panel.textContent()).toMatch(/Line \d+, column \d+/);
    expect(await panel.getByTestId("score").count()).toBe(0);
    await page.context().close();
  });

  it("lets a keyboard user leave the editor: Esc, then Tab", async () => {
    const page = await openWorkspace(SIZES[0], false);
    const editor = page.locator(".monaco-editor").first();
    await editor.click();
    const inEditor = () => page.evaluate(() => document.activeElement?.closest(".monaco-editor") !== null);
    // Tab alone indents and stays.
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(true);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(false);
    // And once back, Tab indents again.
    await editor.click();
    await page.keyboard.press("Tab");
    expect(await inEditor()).toBe(true);
    await page.context().close();
  });

  it("sent no request outside 127.0.0.1", () => {
    expect(env.outsideRequests).toEqual([]);
  });
});
