import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type E2eBrowser } from "./browser";
import { base, signIn } from "./steps";

// The lesson widgets, hydrated in a real browser: each renders without an error box and answers the keyboard and
// its controls the way a learner would use it. What they compute is unit-tested next to them; this proves the
// pages wire them up and that they run in the browser, on the simulation core, from their seeds.

const course = `${base}/courses/memory-between-kernel-and-user`;
let env: E2eBrowser;
/** Uncaught errors of any widget page: a widget that throws in the browser fails the suite. */
const pageErrors: string[] = [];
beforeAll(async () => {
  env = await launchBrowser();
});
afterAll(async () => {
  await env?.close();
  expect(env?.outsideRequests ?? []).toEqual([]);
  expect(pageErrors).toEqual([]);
});

const WIDGET_ERRORS = [".asm-error", ".cfu-error", ".pdg-error", ".pws-error", ".pmb-error", ".vmad-error"].join(", ");

async function openLesson(slug: string): Promise<Page> {
  const { page } = await env.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${slug}: ${String(error)}`));
  await signIn(page, "learner@pagewise.local");
  await page.goto(`${course}/${slug}`);
  // Every widget of the lesson is hydrated (React has attached itself to its root) and none shows its props error box.
  await page.waitForFunction(() => {
    const roots = [...document.querySelectorAll("article figure, article section[aria-label]")];
    return roots.length > 0 && roots.every((el) => Object.keys(el).some((key) => key.startsWith("__react")));
  });
  expect(await page.locator(WIDGET_ERRORS).allTextContents()).toEqual([]);
  return page;
}

/** The text of `locator` once it differs from `before`. */
async function changedText(locator: Locator, before: string | null): Promise<string> {
  await expect.poll(() => locator.textContent(), { timeout: 10_000 }).not.toBe(before);
  return (await locator.textContent()) ?? "";
}

describe("lesson widgets in the browser", () => {
  it("the page-walk stepper steps with buttons and arrow keys to the physical address or the fault", async () => {
    const page = await openLesson("two-level-paging");
    const stepper = page.locator('section[aria-label^="Page-walk stepper"]').first();
    const status = stepper.getByRole("status").last();
    await expect.poll(() => status.textContent()).toMatch(/^Step 1 of \d+$/);
    const total = Number((await status.textContent())?.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);
    await stepper.getByRole("button", { name: "Next →" }).click();
    await expect.poll(() => status.textContent()).toBe(`Step 2 of ${total}`);
    await stepper.locator("ol.pws-stages").press("End");
    await expect.poll(() => status.textContent()).toBe(`Step ${total} of ${total}`);
    expect(await stepper.getByRole("button", { name: "Next →" }).isDisabled()).toBe(true);
    await expect.poll(() => stepper.locator("ol.pws-stages > li").count()).toBe(total);
    await stepper.locator("ol.pws-stages").press("Home");
    await expect.poll(() => status.textContent()).toBe(`Step 1 of ${total}`);
    // A user write to the kernel half must end in a page fault with its error code.
    await stepper.getByLabel("Virtual address").fill("0xc0000000");
    await stepper.getByLabel("Access").selectOption("write");
    await stepper.locator("ol.pws-stages").press("End");
    await expect
      .poll(() => stepper.locator("ol.pws-stages > li").last().textContent())
      .toMatch(/Page fault \(#PF\), error code 0x[0-9a-f]+/);
  });

  it("the page-directory grid moves focus with the arrow keys and describes the focused entry", async () => {
    const page = await openLesson("two-level-paging");
    const grid = page.getByRole("grid", { name: "Page-directory entries, 16 rows of 64" });
    await expect.poll(() => grid.getByRole("gridcell").count()).toBe(1024);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    await grid.getByRole("gridcell").first().focus();
    await expect.poll(focused).toMatch(/^PDE 0, 0x00000000/);
    await page.keyboard.press("ArrowRight");
    await expect.poll(focused).toMatch(/^PDE 1, 0x00400000/);
    await page.keyboard.press("ArrowDown");
    await expect.poll(focused).toMatch(/^PDE 65, 0x10400000/);
    // The kernel's first page-directory entry (PDE 768, 0xc0000000) is a 4 MB page (X) or a kernel page table (x).
    await grid.locator('[data-index="768"]').focus();
    await expect.poll(focused).toMatch(/^PDE 768, 0xc0000000: [xX]$/);
  });

  it("the address-space map names the region of a typed address", async () => {
    const page = await openLesson("virtual-address-spaces");
    const map = page.locator("figure.asm").first();
    const panel = map.locator("input").first();
    await panel.fill("0x08048000");
    await expect.poll(() => map.textContent()).toMatch(/user/i);
  });

  it("the physical-memory bar and the copy_from_user stepper react to their controls", async () => {
    const lowmem = await openLesson("lowmem-and-highmem");
    const bar = lowmem.getByRole("figure", { name: "Physical memory and the i386 kernel window" });
    const before = await bar.textContent();
    await bar.locator('input[type="range"]').first().focus();
    await lowmem.keyboard.press("End");
    expect(await changedText(bar, before)).toMatch(/highmem/i);

    const copy = await openLesson("copy-from-user");
    const stepper = copy.getByRole("figure", { name: "copy_from_user, step by step" });
    const steps = stepper.getByRole("group", { name: /^Step \d+ of \d+; arrow keys step$/ });
    const label = await steps.getAttribute("aria-label");
    const total = label?.match(/of (\d+)/)?.[1];
    await stepper.getByRole("button", { name: "Last step" }).click();
    await expect.poll(() => steps.getAttribute("aria-label")).toBe(`Step ${total} of ${total}; arrow keys step`);
  });

  it("the VMA diagram refuses a request past the ring's 16 pages", async () => {
    const page = await openLesson("mmap-handlers");
    const diagram = page.getByRole("figure", { name: "An mmap request on a 16-page driver buffer" });
    const before = await diagram.textContent();
    await diagram.locator("input").first().fill("0x20000");
    expect(await changedText(diagram, before)).toMatch(/EINVAL/);
  });
});
