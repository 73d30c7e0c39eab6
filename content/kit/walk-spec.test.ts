import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caseInputOf, mismatchExplainer, walkAnswerSchemaOf } from "./walk-spec";

describe("walk-spec", () => {
  it("keeps a case input's known keys in their order, drops undefined ones, and refuses the rest", () => {
    const keys = ["va", "access", "user"];
    expect(caseInputOf("walk-x", { user: true, va: 1, access: undefined }, keys, true)).toEqual({ va: 1, user: true });
    expect(Object.keys(caseInputOf("walk-x", { user: true, va: 1 }, keys, true))).toEqual(["va", "user"]);
    expect(() => caseInputOf("walk-x", { va: 1, cr9: 0 }, keys, true)).toThrow(
      'walk-x: malformed case input {"va":1,"cr9":0}',
    );
    expect(() => caseInputOf("walk-x", { va: -1 }, keys, false)).toThrow("walk-x: malformed case input");
  });

  it("words a mismatch as the question, both answers and the hints", () => {
    const explain = mismatchExplainer(
      (va: number) => `Walking ${va}`,
      (pa: number) => `pa ${pa}`,
      (_va, _expected, actual) => (actual < 0 ? ["A negative number."] : []),
    );
    expect(explain(7, 1, 2)).toBe("Walking 7: you returned pa 2, expected pa 1.");
    expect(explain(7, 1, -2)).toBe("Walking 7: you returned pa -2, expected pa 1. Hint: A negative number.");
  });

  it("checks an answer's reads: at most 16, each a 1-, 2-, 4- or 8-byte read", () => {
    const schema = walkAnswerSchemaOf(z.object({ ok: z.boolean() }));
    const read = { pa: 0x1000, size: 4, value: "0x1" };
    expect(schema.safeParse({ result: { ok: true }, reads: [read] }).success).toBe(true);
    expect(schema.safeParse({ result: { ok: true }, reads: [{ ...read, size: 3 }] }).success).toBe(false);
    expect(schema.safeParse({ result: { ok: true }, reads: Array(17).fill(read) }).success).toBe(false);
  });
});
