import type { CaseWire, CheckGroup, ExerciseAdapter, ExerciseSpec, FixtureWire } from "../../../contract/exercise";

// Test-only helper for exercise.test.ts files: judge a learner-shaped function on every case of a check the way
// the grader does (adapter.prepare per fixture, adapter.call, outputSchema, spec.compare), so that each exercise's
// tests stop repeating this loop. Nothing at run time imports it.

/** A learner's entry function, as the adapter calls it. */
export type Entry = (...args: never[]) => unknown;

/** Widens a typed function (a solution's, a starter's, a deliberately broken one) to what the adapter calls. */
export const asEntry = (f: unknown): Entry => f as Entry;

export interface JudgeOptions<Output> {
  spec: ExerciseSpec<Output>;
  adapter: ExerciseAdapter;
  /** Where each case's expected answer comes from: usually the reference solution run through the adapter. */
  expected: (fixture: FixtureWire, kase: CaseWire, prepared: unknown) => Output;
}

export interface Judgement {
  passed: number;
  /** One message per failing case: spec.compare's words, or the malformed answer's error. */
  messages: string[];
}

/** Judges `entry` on every case of `group`; answers pass through JSON like the sandbox's wire. */
export function judgeGroup<Output>(group: CheckGroup, entry: Entry, options: JudgeOptions<Output>): Judgement {
  const { spec, adapter } = options;
  const prepared = group.fixtures.map((f) => adapter.prepare(f));
  let passed = 0;
  const messages: string[] = [];
  for (const kase of group.cases) {
    const fixture = group.fixtures[kase.fixture];
    if (!fixture) throw new Error(`${group.name}: case points at missing fixture ${kase.fixture}`);
    const expected = options.expected(fixture, kase, prepared[kase.fixture]);
    let actual: Output;
    try {
      actual = spec.outputSchema.parse(JSON.parse(JSON.stringify(adapter.call(entry, prepared[kase.fixture], kase.input))));
    } catch (error) {
      messages.push(String(error));
      continue;
    }
    const verdict = spec.compare(kase.input, expected, actual);
    if (verdict.pass) passed++;
    else messages.push(verdict.message);
  }
  return { passed, messages };
}

/** The usual `expected`: the reference solution's answer through the same adapter, validated by the spec. */
export function referenceAnswer<Output>(spec: ExerciseSpec<Output>, adapter: ExerciseAdapter, reference: Entry) {
  return (_fixture: FixtureWire, kase: CaseWire, prepared: unknown): Output =>
    spec.outputSchema.parse(JSON.parse(JSON.stringify(adapter.call(reference, prepared, kase.input))));
}
