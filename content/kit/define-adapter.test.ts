import { describe, expect, it } from "vitest";
import type { FixtureWire } from "../../contract/exercise";
import { defineAdapter, defineCaseAdapter } from "./define-adapter";
import { emptyFixture } from "./check-group";

describe("defineAdapter", () => {
  const fixture: FixtureWire = { ...emptyFixture(), meta: { base: 7 } };

  it("hands call() what prepare() returned and the learner's function, typed, and returns its answer", () => {
    const adapter = defineAdapter({
      prepare: (f: FixtureWire) => ({ base: Number(f.meta.base) }),
      call: (add: (a: number, b: number) => unknown, prepared: { base: number }, input: Record<string, unknown>) => {
        const sum = add(prepared.base, Number(input.x));
        return { sum: typeof sum === "number" ? sum : null };
      },
    });
    const prepared = adapter.prepare(fixture);
    expect(prepared).toEqual({ base: 7 });
    expect(adapter.call((a: number, b: number) => a + b, prepared, { x: 3 })).toEqual({ sum: 10 });
    expect(adapter.call(() => "ten", prepared, { x: 3 })).toEqual({ sum: null });
  });

  it("does not accept an entry type that promises what the learner returns", () => {
    defineAdapter({
      prepare: () => null,
      // @ts-expect-error: a learner's function returns unknown; the adapter checks the answer itself.
      call: (f: (a: number) => number, _prepared: null, _input: Record<string, unknown>) => f(1) + 1,
    });
  });

  it("builds an adapter whose cases carry all their data", () => {
    const adapter = defineCaseAdapter((twice: (n: number) => unknown, input: Record<string, unknown>) =>
      String(twice(Number(input.n))),
    );
    expect(adapter.call((n: number) => 2 * n, adapter.prepare(emptyFixture()), { n: 21 })).toBe("42");
  });
});
