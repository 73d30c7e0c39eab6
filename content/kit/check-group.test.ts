import { z } from "zod";
import { describe, expect, it } from "vitest";
import { checkGroupOf, onFixture0 } from "./check-group";

describe("checkGroupOf", () => {
  const fixture = { frames: [], bytes: new Uint8Array(0), meta: {} };
  const checkGroup = checkGroupOf(z.object({ va: z.number().int() }).strict().parse);

  it("builds a check with each case's input on its wire form, on the fixture it names", () => {
    expect(
      checkGroup("two reads", 2, "hidden", [fixture, fixture], [[1, { va: 4096 }], ...onFixture0([{ va: 0 }])]),
    ).toEqual({
      name: "two reads",
      points: 2,
      visibility: "hidden",
      fixtures: [fixture, fixture],
      cases: [
        { fixture: 1, input: { va: 4096 } },
        { fixture: 0, input: { va: 0 } },
      ],
    });
  });

  it("refuses a malformed case when the check is built", () => {
    expect(() => checkGroup("bad", 1, "public", [fixture], [[0, { va: 1.5 }]])).toThrow();
  });
});
