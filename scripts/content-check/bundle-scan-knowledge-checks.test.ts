import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { distinctiveLiterals, findSecretsInBundles } from "./bundle-scan";

// content:check adds every lesson's knowledge-checks.json to the bundle scan: the same literal search must find
// their explanations (the text that only exists once a learner has answered).

const checksFile = path.resolve(
  import.meta.dirname,
  "../../content/memory-between-kernel-and-user/02.paging/01.two-level-paging/knowledge-checks.json",
);
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeBuild(bundleText: string): string {
  dir = mkdtempSync(path.join(tmpdir(), "bundle-scan-kc-"));
  mkdirSync(path.join(dir, ".next/static/chunks"), { recursive: true });
  writeFileSync(path.join(dir, ".next/static/chunks/app.js"), bundleText);
  return dir;
}

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
    rmSync(dir, { recursive: true, force: true });
    expect(findSecretsInBundles(fakeBuild('var a="nothing to see";'), [checksFile])).toEqual({ found: [], bundles: 1 });
  });
});
