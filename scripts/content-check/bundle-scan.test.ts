import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { distinctiveLiterals, findSecretsInBundles } from "./bundle-scan";

const hiddenFile = path.resolve(
  import.meta.dirname,
  "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/hidden.ts",
);
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeBuild(bundleText: string): string {
  dir = mkdtempSync(path.join(tmpdir(), "bundle-scan-"));
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
    rmSync(dir, { recursive: true, force: true });
    expect(findSecretsInBundles(fakeBuild('var a="nothing to see";'), [hiddenFile])).toEqual({ found: [], bundles: 1 });
  });
});
