import { describe, expect, it } from "vitest";
import { createLineMapper, lineSuffix } from "./source-lines";
import { transpileSubmission } from "./transpile";

// Runtime errors name the learner's TypeScript line: esbuild's source map, shifted for the module wrapper.

const SOURCE = ["type N = number;", "", "export function add(a: N, b: N): N {", "  if (a > 1) throw new Error('boom');", "  return a + b;", "}"].join("\n");

async function compiled(): Promise<{ code: string; sourceMap: string }> {
  const outcome = await transpileSubmission(SOURCE, 65_536);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

describe("createLineMapper", () => {
  it("maps a position in the transpiled code back to the TypeScript line", async () => {
    const { code, sourceMap } = await compiled();
    const lines = code.split("\n");
    const index = lines.findIndex((line) => line.includes("throw"));
    const mapper = createLineMapper(sourceMap, 0);
    expect(mapper(index + 1, (lines[index] ?? "").indexOf("throw") + 1)).toBe(4);
    expect(lineSuffix(mapper, [index + 1, (lines[index] ?? "").indexOf("throw") + 1])).toBe(" (line 4 of your code)");
  });

  it("shifts columns on the first line by the wrapper's length", async () => {
    const outcome = await transpileSubmission("throw new Error('x');", 1024);
    if (!outcome.ok) throw new Error(outcome.message);
    const mapper = createLineMapper(outcome.sourceMap, 40);
    expect(mapper(1, 41)).toBe(1);
    expect(mapper(1, 5)).toBeNull();
  });

  it("gives null (never throws) for a broken map or a nonsense position", async () => {
    const { sourceMap } = await compiled();
    expect(createLineMapper("not json", 0)(1, 1)).toBeNull();
    expect(createLineMapper('{"version":2}', 0)(1, 1)).toBeNull();
    const mapper = createLineMapper(sourceMap, 0);
    expect(mapper(0, 1)).toBeNull();
    expect(mapper(1.5, 1)).toBeNull();
    expect(lineSuffix(mapper, undefined)).toBe("");
    expect(lineSuffix(null, [1, 1])).toBe("");
  });
});
