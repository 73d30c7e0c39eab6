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

/** A check builder whose cases all run on one fixture: (name, points, visibility, fixture, inputs). */
export function oneFixtureCheckGroupOf<Input>(toWire: (input: Input) => Record<string, unknown>) {
  const build = checkGroupOf(toWire);
  return (
    name: string,
    points: number,
    visibility: CheckGroup["visibility"],
    fixture: FixtureWire,
    inputs: readonly Input[],
  ): CheckGroup => build(name, points, visibility, [fixture], onFixture0(inputs));
}

/**
 * A check builder for an exercise whose cases carry all their data in their input (kit's defineCaseAdapter): one
 * empty fixture, (name, points, visibility, inputs).
 */
export function selfContainedCheckGroupOf<Input>(toWire: (input: Input) => Record<string, unknown>) {
  const build = oneFixtureCheckGroupOf(toWire);
  return (name: string, points: number, visibility: CheckGroup["visibility"], inputs: readonly Input[]): CheckGroup =>
    build(name, points, visibility, emptyFixture(), inputs);
}

/** A fixture that holds nothing: no pages, no meta. */
export function emptyFixture(): FixtureWire {
  return { frames: [], bytes: new Uint8Array(0), meta: {} };
}

/** Cases that all run on fixture 0. */
export function onFixture0<Input>(inputs: readonly Input[]): [number, Input][] {
  return inputs.map((input) => [0, input]);
}
