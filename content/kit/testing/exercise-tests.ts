import { expect } from "vitest";
import type { CaseWire, CheckGroup, ExerciseAdapter, ExerciseSpec, FixtureWire } from "../../../contract/exercise";
import { judgeGroup, referenceAnswer, type Entry, type JudgeOptions, type Judgement } from "./judge-group";

// Test-only: the scaffolding every exercise.test.ts shares (content/README.md, "Tests every exercise has"): the
// points add up and the checks are seeded, the reference passes every check, the starter fails, each edge-case check
// catches the mistake it is named after. Nothing at run time imports it.

/** An exercise as its tests see it: its public parts and its hidden checks. */
export interface ExerciseUnderTest<Output> {
  spec: ExerciseSpec<Output>;
  adapter: ExerciseAdapter;
  hiddenChecks: (seed: string) => CheckGroup[];
}

/** What `expectCheckBasics` asserts besides the points and the visibilities. */
export interface CheckBasics {
  /** Index of a public check whose data differs between two seeds. */
  seededPublic: number;
  /** Index of a hidden check whose data differs between two seeds (negative: from the end). */
  seededHidden?: number;
  /** How many public checks there are. */
  publicCount?: number;
  /** The part of a check compared (default: the whole check for determinism, its cases across seeds). */
  data?: (group: CheckGroup) => unknown;
}

/**
 * The test helpers of one exercise, whose cases' expected answers come from `expected` (judgeGroup's: usually
 * referenceAnswer, or checkedReference to hold the reference to an independent oracle as well).
 */
export function exerciseTests<Output>(exercise: ExerciseUnderTest<Output>, expected: JudgeOptions<Output>["expected"]) {
  const { spec, adapter, hiddenChecks } = exercise;

  /** judgeGroup with the exercise's spec, adapter and expected answers. */
  const judge = (group: CheckGroup, entry: Entry): Judgement => judgeGroup(group, entry, { spec, adapter, expected });

  /** The public checks of `seed`, then the hidden checks of `hiddenSeed` (`hidden-<seed>` unless given). */
  const checks = (seed: string, hiddenSeed = `hidden-${seed}`): CheckGroup[] => [
    ...spec.publicChecks(seed),
    ...hiddenChecks(hiddenSeed),
  ];

  const failedBy = (entry: Entry, groups: readonly CheckGroup[]): string[] =>
    groups.filter((g) => judge(g, entry).messages.length > 0).map((g) => g.name);

  return {
    judge,
    checks,

    /**
     * Points add up to settings.points; public and hidden checks are deterministic per seed, the named ones differ
     * across seeds; every public check is public and every hidden one hidden.
     */
    expectCheckBasics(basics: CheckBasics): void {
      const total = checks("p", "h").reduce((sum, g) => sum + g.points, 0);
      expect(total).toBe(spec.settings.points);
      const same = basics.data ?? ((g: CheckGroup) => g);
      const seeded = basics.data ?? ((g: CheckGroup) => g.cases);
      expect(spec.publicChecks("p").map(same)).toEqual(spec.publicChecks("p").map(same));
      expect(hiddenChecks("h").map(same)).toEqual(hiddenChecks("h").map(same));
      expect(seeded(checkAt(spec.publicChecks("p"), basics.seededPublic))).not.toEqual(
        seeded(checkAt(spec.publicChecks("q"), basics.seededPublic)),
      );
      if (basics.seededHidden !== undefined) {
        expect(seeded(checkAt(hiddenChecks("h"), basics.seededHidden))).not.toEqual(
          seeded(checkAt(hiddenChecks("i"), basics.seededHidden)),
        );
      }
      const visibilities = spec.publicChecks("p").map((g) => g.visibility);
      expect(visibilities).toEqual(Array(basics.publicCount ?? visibilities.length).fill("public"));
      expect(hiddenChecks("h").every((g) => g.visibility === "hidden")).toBe(true);
    },

    /** `entry` passes every case of every check of every seed; `each` may look at a check's answers further. */
    expectPassedBy(entry: Entry, seeds: readonly string[], each?: (group: CheckGroup) => void): void {
      for (const seed of seeds) {
        for (const group of checks(seed)) {
          const { passed, messages } = judge(group, entry);
          expect(messages, `${group.name} (seed ${seed})`).toEqual([]);
          expect(passed).toBe(group.cases.length);
          each?.(group);
        }
      }
    },

    /** The names of the checks of `groups` that `entry` fails (at least one case). */
    failedBy,

    /** `entry` fails every one of `groups`. */
    expectAllFailedBy(entry: Entry, groups: readonly CheckGroup[]): void {
      expect(failedBy(entry, groups)).toEqual(groups.map((g) => g.name));
    },

    /**
     * For every seed, the exercise has `count` checks named "Differential..." (public and hidden) and `entry` fails
     * each of them: its random cases alone catch the mistake, whatever the edge checks do.
     */
    expectFailedByEveryDifferential(entry: Entry, seeds: readonly string[], count: number): void {
      for (const seed of seeds) {
        const differentials = checks(seed).filter((g) => g.name.startsWith("Differential"));
        expect(differentials).toHaveLength(count);
        expect(failedBy(entry, differentials), seed).toEqual(differentials.map((g) => g.name));
      }
    },

    /**
     * A judge of broken entries (of type `Broken`, the learner's function's) on the hidden checks of `seed`:
     * `failsOn(name, broken)` is every message of the check named `name` (or else the first whose name starts with
     * it), one per line; "" when it passes.
     */
    mistakes<Broken extends Entry = Entry>(seed = "mistakes") {
      const groups = hiddenChecks(seed);
      return (name: string, broken: Broken): string => {
        const group = groups.find((g) => g.name === name) ?? groups.find((g) => g.name.startsWith(name));
        if (!group) throw new Error(`no check ${name}`);
        return judge(group, broken).messages.join("\n");
      };
    },
  };
}

function checkAt(groups: readonly CheckGroup[], index: number): CheckGroup {
  const group = groups.at(index);
  if (!group) throw new Error(`no check at index ${index}`);
  return group;
}

/**
 * judgeGroup's usual `expected` (the reference solution through the adapter), after `verify` has checked each of
 * the reference's answers against an independent oracle.
 */
export function checkedReference<Output>(
  spec: ExerciseSpec<Output>,
  adapter: ExerciseAdapter,
  reference: Entry,
  verify: (answer: Output, kase: CaseWire, fixture: FixtureWire, prepared: unknown) => void,
): JudgeOptions<Output>["expected"] {
  const answer = referenceAnswer(spec, adapter, reference);
  return (fixture, kase, prepared) => {
    const output = answer(fixture, kase, prepared);
    verify(output, kase, fixture, prepared);
    return output;
  };
}

/** `entry`'s answer to every case of `group` through the adapter (prepared once per fixture), with its case. */
export function answersTo<Answer>(
  adapter: ExerciseAdapter<Answer>,
  entry: Entry,
  group: CheckGroup,
): { kase: CaseWire; fixture: FixtureWire; answer: Answer }[] {
  const prepared = group.fixtures.map((f) => adapter.prepare(f));
  return group.cases.map((kase) => {
    const fixture = group.fixtures[kase.fixture];
    if (!fixture) throw new Error(`${group.name}: case points at missing fixture ${kase.fixture}`);
    return { kase, fixture, answer: adapter.call(entry, prepared[kase.fixture], kase.input) };
  });
}
