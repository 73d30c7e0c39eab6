import { z } from "zod";
import { describe, expect, it } from "vitest";
import { compareBy, defineSpec } from "./define-spec";

const settings = { id: "demo", title: "Demo", points: 1, entry: "f" };

describe("defineSpec", () => {
  it("validates settings.json when the spec is defined", () => {
    const spec = defineSpec({
      settings,
      outputSchema: z.number(),
      compare: () => ({ pass: true }),
      publicChecks: () => [],
    });
    expect(spec.settings).toMatchObject({ ...settings, attempts: null });
    expect(() =>
      defineSpec({
        settings: { ...settings, id: "Not An Id" },
        outputSchema: z.number(),
        compare: () => ({ pass: true }),
        publicChecks: () => [],
      }),
    ).toThrow(/kebab-case/);
  });
});

describe("compareBy", () => {
  it("passes the same answers, and explains the others with the parsed input (parsed only then)", () => {
    let parsed = 0;
    const parse = (input: Record<string, unknown>) => (parsed++, z.object({ va: z.number() }).parse(input));
    const compare = compareBy(
      parse,
      (expected: number, actual: number) => expected === actual,
      ({ va }, expected, actual) => `f(${va}): you returned ${actual}, expected ${expected}.`,
    );
    expect(compare({ va: 1 }, 2, 2)).toEqual({ pass: true });
    expect(parsed).toBe(0);
    expect(compare({ va: 1 }, 2, 3)).toEqual({ pass: false, message: "f(1): you returned 3, expected 2." });
    expect(parsed).toBe(1);
  });
});
