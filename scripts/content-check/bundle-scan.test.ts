import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { distinctiveLiterals, findSecretsInBundles } from "./bundle-scan";

const lesson = path.resolve(
  import.meta.dirname,
  "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging",
);
const hiddenFile = path.join(lesson, "exercises/walk-32/hidden.ts");
const checksFile = path.join(lesson, "knowledge-checks.json");

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding a `next build` output whose only browser chunk is this text. */
function fakeBuild(bundleText: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bundle-scan-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, ".next/static/chunks"), { recursive: true });
  writeFileSync(path.join(dir, ".next/static/chunks/app.js"), bundleText);
  return dir;
}

describe("the browser bundle scan", () => {
  it("knows the hidden checks of walk-32 by their names", () => {
    const literals = distinctiveLiterals(readFileSync(hiddenFile, "utf8"));
    expect(literals.length).toBeGreaterThan(5);
    expect(literals.some((literal) => /reserved bit 21/i.test(literal))).toBe(true);
  });

  it("finds a hidden check that leaked into a bundle, and passes a clean one", () => {
    const leaked = distinctiveLiterals(readFileSync(hiddenFile, "utf8"))[0] ?? "";
    const dirty = findSecretsInBundles(fakeBuild(`var a="${leaked}";`), [hiddenFile]);
    expect(dirty.found.map((hit) => hit.literal)).toContain(leaked);
    expect(findSecretsInBundles(fakeBuild('var a="nothing to see";'), [hiddenFile])).toEqual({ found: [], bundles: 1 });
  });
});

// content:check adds every lesson's knowledge-checks.json to the bundle scan: the same literal search must find
// their explanations (the text that only exists once a learner has answered).

describe("the bundle scan on knowledge-check files", () => {
  it("knows their explanations and questions, not their short keys", () => {
    const literals = distinctiveLiterals(readFileSync(checksFile, "utf8"));
    expect(literals.some((literal) => literal.startsWith("Rights combine with AND across levels"))).toBe(true);
    expect(literals.some((literal) => literal.startsWith("In 32-bit paging, which page-directory entry"))).toBe(true);
    expect(literals).not.toContain("0x300");
    expect(literals).not.toContain("explanation");
  });

  it("finds an explanation that leaked into a bundle, and passes a clean one", () => {
    const explanation =
      distinctiveLiterals(readFileSync(checksFile, "utf8")).find((literal) => literal.startsWith("Rights combine")) ??
      "";
    const dirty = findSecretsInBundles(fakeBuild(`var e=${JSON.stringify(explanation)};`), [checksFile]);
    expect(dirty.found.map((hit) => hit.literal)).toContain(explanation);
    expect(findSecretsInBundles(fakeBuild('var a="nothing to see";'), [checksFile])).toEqual({ found: [], bundles: 1 });
  });
});
