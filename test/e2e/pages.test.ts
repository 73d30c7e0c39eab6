import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { FINAL_SUBMISSION_STATUSES } from "../../contract/http/submissions";
import { expectNoAxeViolations, findAxeViolations } from "./axe";
import { launchBrowser, type E2eBrowser, type PageOptions } from "./browser";
import { base, signIn, signUpNewAccount, submitAndAwaitGrading } from "./steps";

// Every page a visitor, a learner or an instructor reaches outside the lesson workspace, on a desktop, a laptop and
// a phone: none is wider than the screen, and axe-core finds no WCAG 2.2 A/AA violation, in light or in dark.
// Lessons are checked whole, in the workspace an enrolled learner gets (exercise panel and editor included), whatever
// layout they get: it is the document that must not be wider than the screen.

const COURSE_ID = "memory-between-kernel-and-user";
const COURSE_PATH = `/courses/${COURSE_ID}`;
const LEARNER_EMAIL = "learner@pagewise.local";
const INSTRUCTOR_EMAIL = "instructor@pagewise.local";
const [demoCourse] = (await loadCourses(path.resolve(import.meta.dirname, "../../content"))).filter(
  (c) => c.id === COURSE_ID,
);
if (!demoCourse) throw new Error(`content/ has no course ${COURSE_ID}`);
const lessons = demoCourse.modules.flatMap((module) => module.lessons);
const firstExercise = lessons.flatMap((lesson) => lesson.exercises)[0];
if (!firstExercise) throw new Error(`${COURSE_ID} has no exercise`);

const SCREENS = {
  desktop: { viewport: { width: 1440, height: 900 } },
  laptop: { viewport: { width: 1024, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, mobile: true },
} satisfies Record<string, PageOptions>;

type Account = "visitor" | "learner" | "instructor" | "admin";
interface Target {
  path: string;
  account: Account;
  /** Parts axe-core leaves out: a lesson's exercise section. */
  exclude: string[];
}

/** The lessons axe-core also checks on a phone, in light and dark: one per kind of wide widget. */
const PHONE_AXE_LESSONS = ["lowmem-and-highmem", "copy-from-user", "mmap-handlers"];

let env: E2eBrowser;
let sessions: Record<Exclude<Account, "visitor">, PageOptions["storageState"]>;
let targets: Target[];

beforeAll(async () => {
  env = await launchBrowser();
  sessions = {
    learner: await signedInState(LEARNER_EMAIL),
    instructor: await signedInState(INSTRUCTOR_EMAIL),
    admin: await signedInState("admin@pagewise.local"),
  };
  // A learner's work as an instructor reaches it, from the gradebook's row: a fresh learner's, with a graded
  // submission, so the page shows its submissions table, a result and the code.
  const learnerEmail = await signUpEnrolledLearner(async (context) => {
    const submission = await submitAndAwaitGrading(context.request, firstExercise.id, "export const nothing = 0;", 60_000);
    expect(FINAL_SUBMISSION_STATUSES, `submission ${submission.id} was not graded within 60 s`).toContain(submission.status);
  });
  const { page, context } = await env.newPage({ storageState: sessions.instructor });
  await page.goto(`${base}${COURSE_PATH}/gradebook`);
  const learnerWork = await page
    .getByRole("row")
    .filter({ hasText: learnerEmail })
    .locator(`a[href*="${COURSE_PATH}/learners/"]`)
    .first()
    .getAttribute("href");
  await context.close();
  if (!learnerWork) throw new Error(`the gradebook has no link to ${learnerEmail}'s work`);
  const targetOf = (path: string, account: Account): Target => ({ path, account, exclude: [] });
  targets = [
    targetOf("/", "visitor"),
    targetOf("/courses", "visitor"),
    targetOf(COURSE_PATH, "visitor"),
    targetOf("/sign-in", "visitor"),
    targetOf("/sign-up", "visitor"),
    targetOf(COURSE_PATH, "learner"),
    // Every lesson in the learner's workspace, exercise panel and editor included.
    ...lessons.map((lesson) => targetOf(`${COURSE_PATH}/${lesson.slug}`, "learner")),
    targetOf(`${COURSE_PATH}/gradebook`, "instructor"),
    targetOf(`${COURSE_PATH}/extensions`, "instructor"),
    targetOf(`${COURSE_PATH}/audit`, "instructor"),
    targetOf(learnerWork.split("#")[0] ?? learnerWork, "instructor"),
    targetOf(`${COURSE_PATH}/exercises/${firstExercise.id}`, "instructor"),
    targetOf(`${COURSE_PATH}/analytics`, "instructor"),
    targetOf(`${COURSE_PATH}/exercises/${firstExercise.id}/analytics`, "instructor"),
    targetOf(`${COURSE_PATH}/lti`, "instructor"),
    targetOf("/lti/deep-linking", "visitor"),
    ...["/admin", "/admin/users", "/admin/courses", "/admin/lti", "/admin/health", "/admin/audit"].map((path) => targetOf(path, "admin")),
  ];
}, 120_000);

afterAll(async () => {
  await env?.close();
  expect(env?.outsideRequests ?? []).toEqual([]);
});

/**
 * Signs up a new learner (the demo learner's progress stays as the other suites expect it), enrolls them in the
 * course, lets `then` act as them, and returns their email.
 */
async function signUpEnrolledLearner(then: (context: BrowserContext, page: Page) => Promise<void>): Promise<string> {
  const { page, context } = await env.newPage(SCREENS.desktop);
  const email = await signUpNewAccount(context.request, "Pages Learner", "pages");
  await page.goto(`${base}${COURSE_PATH}`);
  await page.getByRole("button", { name: "Enroll in this course" }).click();
  await page.getByText("You are enrolled").waitFor();
  await then(context, page);
  await context.close();
  return email;
}

async function signedInState(email: string): Promise<PageOptions["storageState"]> {
  const { page, context } = await env.newPage();
  await signIn(page, email);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** One page per account on a screen, reused from target to target (a fresh context per visit costs seconds). */
async function pagesFor(screen: PageOptions): Promise<{ pages: Record<Account, Page>; close(): Promise<void> }> {
  const opened: Record<Account, { page: Page; context: BrowserContext }> = {
    visitor: await env.newPage(screen),
    learner: await env.newPage({ ...screen, storageState: sessions.learner }),
    instructor: await env.newPage({ ...screen, storageState: sessions.instructor }),
    admin: await env.newPage({ ...screen, storageState: sessions.admin }),
  };
  return {
    pages: { visitor: opened.visitor.page, learner: opened.learner.page, instructor: opened.instructor.page, admin: opened.admin.page },
    close: async () => {
      for (const { context } of Object.values(opened)) await context.close();
    },
  };
}

const label = (target: Target) => `${target.path} (${target.account})`;

/** Opens the page and waits for React to take over its header and every lesson widget (their final layout). */
async function visit(page: Page, target: Target): Promise<void> {
  await page.goto(`${base}${target.path}`);
  await page.waitForFunction(() => {
    const isHydrated = (element: Element) => Object.keys(element).some((key) => key.startsWith("__react"));
    const menuButton = document.querySelector("header button[aria-expanded]");
    const widgets = [...document.querySelectorAll("article figure, article section[aria-label]")];
    return menuButton !== null && isHydrated(menuButton) && widgets.every(isHydrated);
  });
}

/**
 * Null when the document is no wider than the screen, else by how much and the element reaching furthest right
 * that no scroll box clips. The screen is the layout viewport (clientWidth): on a phone Chromium zooms out to show
 * a page that is too wide, and window.innerWidth grows with it, so a check against innerWidth could not fail there.
 */
async function findOverflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const isClipped = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (
          getComputedStyle(parent).overflowX !== "visible" &&
          parent.getBoundingClientRect().right <= root.clientWidth
        )
          return true;
      }
      return false;
    };
    let furthest: { right: number; element: Element } | null = null;
    for (const element of document.body.querySelectorAll("*")) {
      const { right } = element.getBoundingClientRect();
      if (right > (furthest?.right ?? root.clientWidth) && !isClipped(element)) furthest = { right, element };
    }
    const name = furthest
      ? `<${furthest.element.tagName.toLowerCase()} class="${furthest.element.className}">`
      : "(none found)";
    return `${root.scrollWidth}px wide on a ${root.clientWidth}px screen; furthest right: ${name} at ${Math.round(furthest?.right ?? 0)}px`;
  });
}

/** Two animation frames: what a resize set off (media-query listeners, React's re-render) has been laid out. */
async function afterLayout(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Switches the theme with the header's toggle, as a learner does. */
async function switchTheme(page: Page, to: "light" | "dark"): Promise<void> {
  await page.getByRole("button", { name: `Switch to ${to} mode` }).click();
  await page.waitForFunction((theme) => document.documentElement.dataset.theme === theme, to);
}

describe("every page on every screen", () => {
  it("at 1440 x 900 and 1024 x 768: no page is wider than the screen, and axe-core finds nothing in light or in dark", async () => {
    const overflows: Record<string, string> = {};
    const violations: Record<string, string[]> = {};
    const { pages, close } = await pagesFor(SCREENS.desktop);
    for (const target of targets) {
      const page = pages[target.account];
      await visit(page, target);
      const overflow = await findOverflow(page);
      if (overflow) overflows[label(target)] = overflow;
      // The laptop screen by resizing the loaded page (media queries and the workspace's layout follow a resize),
      // rather than loading every page again.
      await page.setViewportSize(SCREENS.laptop.viewport);
      await afterLayout(page);
      const laptopOverflow = await findOverflow(page);
      if (laptopOverflow) overflows[`${label(target)} at 1024 x 768`] = laptopOverflow;
      await page.setViewportSize(SCREENS.desktop.viewport);
      await afterLayout(page);
      // The theme toggle switches the same page to dark; a page loaded in dark is checked on the phone below.
      const light = await findAxeViolations(page, { exclude: target.exclude });
      await switchTheme(page, "dark");
      const dark = await findAxeViolations(page, { exclude: target.exclude });
      await switchTheme(page, "light");
      if (light.length > 0) violations[`${label(target)}, light`] = light;
      if (dark.length > 0) violations[`${label(target)}, dark`] = dark;
    }
    await close();
    // Soft: a failing run reports the pages that overflow and the axe-core findings together.
    expect.soft(overflows).toEqual({});
    expect(violations).toEqual({});
  }, 240_000);

  it("at 390 x 844 on a phone: no page is wider than the screen, and a sample passes axe-core in light and dark", async () => {
    const overflows: Record<string, string> = {};
    const violations: Record<string, string[]> = {};
    const isSampled = (target: Target) =>
      ["/", "/sign-up", `${COURSE_PATH}/gradebook`].includes(target.path) ||
      (target.path === COURSE_PATH && target.account === "learner") ||
      PHONE_AXE_LESSONS.some((slug) => target.path === `${COURSE_PATH}/${slug}`);
    // A renamed lesson must not shrink the sample unnoticed.
    expect(targets.filter(isSampled)).toHaveLength(3 + 1 + PHONE_AXE_LESSONS.length);
    for (const theme of ["light", "dark"] as const) {
      // Dark here is a stored choice, applied by the page's boot script before its first paint.
      const { pages, close } = await pagesFor({ ...SCREENS.phone, dark: theme === "dark" });
      for (const target of theme === "light" ? targets : targets.filter(isSampled)) {
        const page = pages[target.account];
        await visit(page, target);
        const overflow = await findOverflow(page);
        if (overflow) overflows[`${label(target)}, ${theme}`] = overflow;
        if (!isSampled(target)) continue;
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const found = await findAxeViolations(page, { exclude: target.exclude });
        if (found.length > 0) violations[`${label(target)}, ${theme}`] = found;
      }
      await close();
    }
    // Soft: a failing run reports the pages that overflow and the axe-core findings together.
    expect.soft(overflows).toEqual({});
    expect(violations).toEqual({});
  }, 180_000);
});

describe("a lesson's knowledge checks once answered", () => {
  it("pass axe-core in light and dark with a wrong and a right verdict shown", async () => {
    const lesson = lessons.find((candidate) => candidate.knowledgeChecks.length >= 2);
    const [first, second] = lesson?.knowledgeChecks ?? [];
    if (!lesson || !first || !second) throw new Error(`${COURSE_ID} has no lesson with two knowledge checks`);
    await signUpEnrolledLearner(async (_context, page) => {
      await visit(page, { path: `${COURSE_PATH}/${lesson.slug}`, account: "learner", exclude: [] });
      for (const [check, isRight] of [
        [first, false],
        [second, true],
      ] as const) {
        const form = page.locator(`[data-check-id="${check.id}"]`);
        if (check.kind === "multiple-choice") {
          const option = check.options.find((candidate) => (candidate.id === check.answer) === isRight);
          await form.locator(`input[value="${option?.id}"]`).check();
        } else {
          // A digit more is a different number, decimal or hex.
          await form.getByLabel(/Your answer/).fill(isRight ? check.answer : `${check.answer}1`);
        }
        await form.getByRole("button", { name: "Check" }).click();
        await expect
          .poll(() => form.getByTestId("knowledge-check-verdict").textContent(), { timeout: 15_000 })
          .toMatch(isRight ? /^Correct\./ : /^Not quite\./);
      }
      await expectNoAxeViolations(page);
      await switchTheme(page, "dark");
      await expectNoAxeViolations(page);
    });
  });
});

describe("the header", () => {
  it("on a phone folds into a Menu that opens over the page, closes on Escape and gives focus back", async () => {
    const { page, context } = await env.newPage({ ...SCREENS.phone, storageState: sessions.learner });
    await visit(page, { path: COURSE_PATH, account: "learner", exclude: [] });
    const menuButton = page.getByRole("button", { name: "Menu" });
    const signOut = page.getByRole("button", { name: "Sign out" });
    const courses = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses", exact: true });
    expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
    expect(await signOut.isVisible()).toBe(false);
    const mainTop = () => page.locator("main").evaluate((main) => main.getBoundingClientRect().top);
    const topBefore = await mainTop();

    await menuButton.tap();
    expect(await menuButton.getAttribute("aria-expanded")).toBe("true");
    const menuId = await menuButton.getAttribute("aria-controls");
    expect(await page.locator(`[id="${menuId}"]`).isVisible()).toBe(true);
    expect(await signOut.isVisible()).toBe(true);
    expect(await courses.isVisible()).toBe(true);
    expect(await mainTop()).toBe(topBefore);
    await expectNoAxeViolations(page);
    // The theme toggle works from inside the menu, which stays open for it; axe-core checks the open menu in dark.
    await switchTheme(page, "dark");
    expect(await menuButton.getAttribute("aria-expanded")).toBe("true");
    await expectNoAxeViolations(page);
    expect(await findOverflow(page)).toBeNull();

    await page.keyboard.press("Escape");
    expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
    expect(await signOut.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe(menuId);

    // Following a link in the menu closes it on the next page.
    await menuButton.tap();
    await courses.tap();
    await page.waitForURL(`${base}/courses`);
    expect(await menuButton.getAttribute("aria-expanded")).toBe("false");
    await context.close();
  });

  it("on a desktop shows its links in the bar, with no Menu button", async () => {
    const { page, context } = await env.newPage(SCREENS.desktop);
    await visit(page, { path: "/", account: "visitor", exclude: [] });
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    for (const name of ["Courses", "Sign in", "Sign up"])
      expect(await page.getByRole("banner").getByRole("link", { name, exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});

describe("signing up", () => {
  it("marks the password rules as the learner types and explains an email that already has an account", async () => {
    const { page, context } = await env.newPage(SCREENS.phone);
    await visit(page, { path: "/sign-up", account: "visitor", exclude: [] });
    const password = page.getByLabel("Password");
    // The rules are the field's description, so a screen reader reads them with it.
    const description = () =>
      password.evaluate((input) =>
        (input.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      );
    const lengthRule = page.getByRole("listitem").filter({ hasText: "At least 8 characters" });

    await password.fill("short");
    expect(await lengthRule.textContent()).toBe("✗At least 8 characters: not met yet");
    expect(await description()).toContain("At least 8 characters: not met yet");
    await password.fill("a-long-enough-password");
    expect(await lengthRule.textContent()).toBe("✓At least 8 characters: met");

    // An address the server would refuse is explained before anything is sent, and focus goes to it.
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("Email").fill("ada@");
    await page.getByRole("button", { name: "Create account" }).click();
    expect(await page.getByText("This is not a complete email address").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("email");

    await page.getByLabel("Email").fill(LEARNER_EMAIL);
    await page.getByRole("button", { name: "Create account" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "exists already" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      "An account with this email address exists already. Sign in with it, or create an account with another address.",
    );
    expect(page.url()).toBe(`${base}/sign-up`);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
