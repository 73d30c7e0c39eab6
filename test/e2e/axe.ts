import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The WCAG 2.2 level A and AA rules (axe-core's tags); best practices are not asserted. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface AxeScope {
  /** CSS selectors of parts left out of the check (parts another test owns). */
  exclude?: string[];
}

/**
 * axe-core's WCAG A/AA violations on the page as it is now, one entry per rule: its id, impact and what it asks
 * for, then each offending node's selector and axe's summary of what to fix. Empty when there are none.
 */
export async function findAxeViolations(page: Page, { exclude = [] }: AxeScope = {}): Promise<string[]> {
  // A router.refresh() after a form (the admin console's acts) re-renders the page's metadata, and for a moment the
  // document has no <title>: wait for one (a few seconds at most), so axe judges the page, not that moment. A page
  // that never gets a title still fails below, on axe's own document-title rule.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => undefined);
  // Legacy mode runs axe in the page's own frame in one pass. Our pages have no iframes, and the default (frame by
  // frame, then a blank page opened to put the results together) took 2-3 times as long on a 1024-cell grid.
  let builder = new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).setLegacyMode(true);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations.map((violation) =>
    [
      `${violation.id} (${violation.impact ?? "no impact given"}): ${violation.help}`,
      ...violation.nodes.map(
        (node) => `  ${node.target.join(" >> ")}\n    ${node.failureSummary?.replace(/\n/g, "\n    ") ?? ""}`,
      ),
    ].join("\n"),
  );
}

/** Fails, naming every violation and node (see findAxeViolations), unless axe-core finds none on the page. */
export async function expectNoAxeViolations(page: Page, scope: AxeScope = {}): Promise<void> {
  const report = await findAxeViolations(page, scope);
  expect(report, `axe-core found ${report.length} violation(s) on ${page.url()}:\n${report.join("\n")}`).toEqual([]);
}
