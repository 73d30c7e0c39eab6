import { z } from "zod";
import { selfContainedCheckGroupOf } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, KMAP_LOCAL_RULES, type KmapMachine } from "../../../../../../sim/index";
import type { KmapAnswer, KmapOp } from "./adapter";
import { explainMismatch, isSameAnswer } from "./spec-messages";
import { LESSON_MACHINE, randomMachine, randomOps, Script } from "./spec-ops";
import settingsJson from "./settings.json";

// kmap-local: a kmap_local_page/kunmap_local emulator on an i386 machine with highmem, as Linux 5.11 on does it: the
// nesting depth belongs to the task, the slot addresses to the CPU it runs on. Public: how answers are judged and the
// learner's own checks. A case is a machine and a sequence of operations (maps, unmaps and context switches).

const whole = z.number().int().min(0).refine(Number.isSafeInteger);

/** A case's input: the machine and the operations, played in order on a fresh emulator. */
export const caseInputSchema = z
  .object({
    machine: z
      .object({
        pageOffset: whole,
        maxLowPfn: whole,
        maxPfn: whole,
        fixaddrTop: whole,
        fixKmapBegin: whole,
        nrCpus: z.number().int().min(1).max(8),
        kmMaxIdx: z.number().int().min(1).max(64),
      })
      .strict(),
    ops: z
      .array(
        z.discriminatedUnion("op", [
          z.object({ op: z.literal("map"), cpu: whole, pfn: whole }).strict(),
          z.object({ op: z.literal("unmap"), cpu: whole, addr: whole }).strict(),
          z.object({ op: z.literal("switch"), cpu: whole, task: whole }).strict(),
        ]),
      )
      .max(400),
  })
  .strict();

/** The adapter's answer, checked on the host. */
export const kmapAnswerSchema: z.ZodType<KmapAnswer> = z
  .object({
    results: z
      .array(
        z.union([
          z.object({ ok: z.literal(true), addr: z.number().int() }).strict(),
          z.object({ ok: z.literal(true) }).strict(),
          z.object({ ok: z.literal(false), rule: z.enum(KMAP_LOCAL_RULES) }).strict(),
        ]),
      )
      .max(400),
  })
  .strict();

/** One check: one case per operation sequence, each with its machine. Cases need no fixture data. */
export const checkGroup = selfContainedCheckGroupOf((c: { machine: KmapMachine; ops: KmapOp[] }) =>
  caseInputSchema.parse({ machine: { ...c.machine }, ops: c.ops }),
);

/**
 * The lesson's walk-throughs: two highmem pages and a lowmem page on CPU 0, unmapped in reverse; CPU 1; and task 0
 * preempted by task 7 on CPU 0, which gets the slot address task 0 still holds, until task 0 comes back.
 */
export function lessonCases(): { machine: KmapMachine; ops: KmapOp[] }[] {
  const m = LESSON_MACHINE;
  const first = new Script(m).map(0, 0x40000).map(0, 0x40001).map(0, 0x1234);
  first.unmap(0, 0xc1234000).unmap(0, 0xfffba000).unmap(0, 0xfffbb000);
  const second = new Script(m).map(1, 0x40000).map(1, 0x7ffff).unwind(1);
  const third = new Script(m).map(0, 0x40000).map(0, 0x40001).switchTo(0, 7).map(0, 0x50000);
  third.unmap(0, 0xfffbb000).switchTo(0, 0).unmap(0, 0xfffba000).unmap(0, 0xfffbb000);
  return [
    { machine: m, ops: first.ops },
    { machine: m, ops: second.ops },
    { machine: m, ops: third.ops },
  ];
}

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`kmap-local public:${seed}`);
  // At least two CPUs, so that "every CPU" means something on every learner's machine.
  const m = randomMachine(rng.fork("machine"), 2);
  const r = rng.fork("cases");
  const nested = [0, 1, 2].map(() => {
    const s = new Script(m);
    const c = r.int(0, m.nrCpus - 1);
    const n = r.int(2, 6);
    // One lowmem page somewhere in the nest: it must come back from the direct map without taking a slot.
    const lowAt = r.int(0, n - 1);
    for (let i = 0; i < n; i++) s.map(c, i === lowAt ? s.lowPfn(r) : s.highPfn(r));
    return { machine: m, ops: s.unwind(c).ops };
  });
  const together = [0, 1].map(() => {
    const s = new Script(m);
    for (let i = 0; i < 12; i++) {
      const c = r.int(0, m.nrCpus - 1);
      // Now and then another task (one that may run here) preempts the CPU's task, which keeps its mappings.
      const ready = [m.nrCpus, m.nrCpus + 1, c].filter((t) => t !== s.task(c) && s.canRun(c, t));
      if (ready.length > 0 && r.chance(0.2)) s.switchTo(c, r.pick(ready));
      else if (s.depth(c) > 0 && r.chance(0.4)) s.unmapTop(c);
      else s.map(c, r.chance(0.85) ? s.highPfn(r) : s.lowPfn(r));
    }
    for (let c = 0; c < m.nrCpus; c++) s.unwind(c);
    return { machine: m, ops: s.ops };
  });
  const differential = Array.from({ length: 20 }, (_, i) => ({
    machine: m,
    ops: randomOps(rng.fork(`differential ${i}`), m, 30),
  }));
  return [
    checkGroup(
      "The lesson's examples: nested mappings on CPU 0 unmapped in reverse, and a context switch in the middle",
      1,
      "public",
      lessonCases(),
    ),
    checkGroup("Your machine: nested mappings on one CPU, unmapped in stack order", 1, "public", nested),
    checkGroup("Your machine: every CPU mapping and unmapping in turn, with context switches", 1, "public", together),
    checkGroup(
      "Differential: 20 random sequences of 30 operations on your machine, compared with the reference",
      1,
      "public",
      differential,
    ),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: kmapAnswerSchema,
  compare: compareBy(
    caseInputSchema.parse,
    isSameAnswer,
    ({ machine, ops }, expected, actual) =>
      explainMismatch(machine, ops, expected, actual) ?? "Your answers differ from the reference.",
  ),
  publicChecks,
});
