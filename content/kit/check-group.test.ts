import { z } from "zod";
import { describe, expect, it } from "vitest";
import {
  checkGroupOf,
  emptyFixture,
  oneFixtureCheckGroupOf,
  onFixture0,
  selfContainedCheckGroupOf,
} from "./check-group";

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

describe("oneFixtureCheckGroupOf and selfContainedCheckGroupOf", () => {
  const toWire = z.object({ va: z.number().int() }).strict().parse;
  const fixture = { frames: [3], bytes: new Uint8Array(4096), meta: { cr3: 0x3000 } };

  it("put every case on the one fixture, or on a fresh empty one", () => {
    expect(oneFixtureCheckGroupOf(toWire)("on one", 1, "public", fixture, [{ va: 1 }, { va: 2 }])).toEqual({
      name: "on one",
      points: 1,
      visibility: "public",
      fixtures: [fixture],
      cases: [
        { fixture: 0, input: { va: 1 } },
        { fixture: 0, input: { va: 2 } },
      ],
    });
    const build = selfContainedCheckGroupOf((va: number) => toWire({ va }));
    const group = build("carried", 2, "hidden", [7]);
    expect(group).toEqual({
      name: "carried",
      points: 2,
      visibility: "hidden",
      fixtures: [emptyFixture()],
      cases: [{ fixture: 0, input: { va: 7 } }],
    });
    expect(build("again", 1, "hidden", []).fixtures[0]).not.toBe(group.fixtures[0]);
  });
});
