import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Scans the built browser bundles (.next/static) for text that only a reference solution or a hidden
 * check contains: the string literals of those files (hidden check names, messages) survive
 * minification. Returns the literals found, with the bundle file that holds each.
 */
export function findSecretsInBundles(root: string, secretFiles: string[]): { found: { literal: string; file: string; bundle: string }[]; bundles: number } {
  const staticDir = path.join(root, ".next/static");
  if (!existsSync(staticDir)) return { found: [], bundles: 0 };
  const bundles = listFiles(staticDir).filter((file) => file.endsWith(".js"));
  const texts = bundles.map((bundle) => ({ bundle, text: readFileSync(bundle, "utf8") }));
  const found: { literal: string; file: string; bundle: string }[] = [];
  for (const file of secretFiles) {
    for (const literal of distinctiveLiterals(readFileSync(file, "utf8"))) {
      const hit = texts.find(({ text }) => text.includes(literal));
      if (hit) found.push({ literal, file: path.relative(root, file), bundle: path.relative(root, hit.bundle) });
    }
  }
  return { found, bundles: bundles.length };
}

/** Long string literals with words in them: check names and messages, not "PF" or "read". */
export function distinctiveLiterals(source: string): string[] {
  const literals = new Set<string>();
  for (const match of source.matchAll(/"((?:[^"\\\n]|\\.){16,})"|`([^`$\\\n]{16,})`/g)) {
    const literal = match[1] ?? match[2] ?? "";
    if (/[a-z]{3,} [a-z]{2,}/i.test(literal) && !literal.includes("\\")) literals.add(literal);
  }
  return [...literals];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
