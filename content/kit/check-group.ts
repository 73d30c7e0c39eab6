import type { CheckGroup, FixtureWire } from "../../contract/exercise";

// How most exercises build a check: a name, points, a visibility, the fixtures, and cases as (fixture index,
// input) pairs, each input turned into its JSON wire form by the exercise (usually its input schema's parse, so a
// malformed case fails when the check is built, not when it is graded).

/** A check builder for one exercise's input type; `toWire` gives the JSON input the adapter receives. */
export function checkGroupOf<Input>(toWire: (input: Input) => Record<string, unknown>) {
  return (
    name: string,
    points: number,
    visibility: CheckGroup["visibility"],
    fixtures: FixtureWire[],
    cases: readonly (readonly [fixture: number, input: Input])[],
  ): CheckGroup => ({
    name,
    points,
    visibility,
    fixtures,
    cases: cases.map(([fixture, input]) => ({ fixture, input: toWire(input) })),
  });
}

/** Cases that all run on fixture 0. */
export function onFixture0<Input>(inputs: readonly Input[]): [number, Input][] {
  return inputs.map((input) => [0, input]);
}
