import type { CaseAnswer, CheckGroup, ExerciseAdapter, ExerciseSpec } from "../../contract/exercise";

export type ReferenceOutcome = { ok: true; answers: CaseAnswer[][] } | { ok: false; message: string };

type Entry = (...args: never[]) => unknown;

/**
 * Runs the reference solution on the HOST through the exercise's adapter, for every case of every group. Each
 * answer goes through a JSON round trip (as the learner's does) and must satisfy the spec's output schema: a
 * reference that throws or answers malformed data is an exercise bug, reported as such, never blamed on the learner.
 */
export function referenceAnswers(
  spec: ExerciseSpec,
  adapter: ExerciseAdapter,
  solution: Record<string, unknown>,
  groups: readonly CheckGroup[],
): ReferenceOutcome {
  const entryName = spec.settings.entry;
  const entry = solution[entryName];
  if (!isEntry(entry)) return { ok: false, message: `the reference solution does not export ${entryName}` };
  const answers: CaseAnswer[][] = [];
  for (const group of groups) {
    const prepared = new Map<number, unknown>();
    const groupAnswers: CaseAnswer[] = [];
    for (const [index, testCase] of group.cases.entries()) {
      const where = `check "${group.name}", case ${index + 1}`;
      try {
        if (!prepared.has(testCase.fixture)) {
          const fixture = group.fixtures[testCase.fixture];
          if (!fixture) return { ok: false, message: `${where} names fixture ${testCase.fixture}, which does not exist` };
          // A copy: the reference may set accessed/dirty bits, and the learner must see the fixture as generated.
          prepared.set(testCase.fixture, adapter.prepare({ ...fixture, bytes: fixture.bytes.slice() }));
        }
        const raw = adapter.call(entry, prepared.get(testCase.fixture), testCase.input);
        const json = JSON.stringify(raw);
        if (json === undefined) return { ok: false, message: `${where}: the reference answered undefined` };
        const value: unknown = JSON.parse(json);
        const parsed = spec.outputSchema.safeParse(value);
        if (!parsed.success) return { ok: false, message: `${where}: the reference's answer fails the output schema: ${parsed.error.message}` };
        groupAnswers.push({ ok: true, value: parsed.data });
      } catch (error) {
        return { ok: false, message: `${where}: the reference threw ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    answers.push(groupAnswers);
  }
  return { ok: true, answers };
}

function isEntry(value: unknown): value is Entry {
  return typeof value === "function";
}
