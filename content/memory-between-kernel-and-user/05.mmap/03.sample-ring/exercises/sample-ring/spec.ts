import { z } from "zod";
import { checkGroupOf, onFixture0 } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import type { RingAnswer } from "./adapter";
import { ringInputSchema, type RingInput } from "./spec-input";
import { explainMismatch, isSameAnswer } from "./spec-messages";
import { fullRing, randomReads, ring, sub } from "./spec-ring";
import settingsJson from "./settings.json";

// sample-ring: the user side of the 64 KB ring of samples (facts E13). Public: how answers are judged and the
// learner's own checks.

/** The adapter's answer, checked on the host. */
export const ringAnswerSchema: z.ZodType<RingAnswer> = z
  .object({
    values: z
      .string()
      .regex(/^[\u4000-\u4fff]*$/)
      .max(32768),
    count: z.number().int().min(0).max(32768),
    lost: z.number().int().min(0),
  })
  .strict()
  .refine((a) => a.values.length === a.count, "values and count disagree");

/** One check over cases on one or more fixtures (each case names its fixture by index). */
export const checkGroup = checkGroupOf<RingInput>(ringInputSchema.parse);

/** Cases all on fixture 0. */
export const on0 = onFixture0<RingInput>;

/**
 * Reads in the public differential: one cycle of READ_KINDS (spec-ring.ts). Its job is reads at positions the fixed
 * checks do not choose; wrap, overrun and full-ring edges have their own checks. 30 reads (a ring's worth of values
 * ~20 times over) cost ~3/4 of a submission's grading time; the wrong readers of exercise.test.ts fail the 8 too,
 * and 8 reads of which one is a whole ring (decision 0153).
 */
const DIFFERENTIAL_READS = 8;

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`sample-ring public:${seed}`);
  // A full ring whose head sits just past a wrap of the 32768 slots, so reads of a few hundred samples cross it.
  const head = rng.int(1, 2 ** 17 - 1) * 32768 + rng.int(20, 400);
  const saved = fullRing(rng.fork("samples"), head);
  const fixtures = [saved.fixture];
  const check = (name: string, cases: [number, RingInput][]) => checkGroup(name, 1, "public", fixtures, cases);
  const slot = head % 32768;
  const r = rng.fork("cases");

  const few = on0([
    ring(head, sub(head, 1)),
    ring(head, sub(head, 2)),
    ring(sub(head, 5), sub(head, 10)),
    ring(head, sub(head, r.int(3, slot))),
  ]);
  const empty = on0([ring(head, head), ring(sub(head, 7), sub(head, 7))]);
  const wrap = on0([
    ring(head, sub(head, slot + 1)),
    ring(head, sub(head, slot + r.int(2, 500))),
    ring(sub(head, slot), sub(head, slot + 3)),
    ring(head, sub(head, 32768)),
  ]);
  // One overrun: the differential's read from any tail is another, with a random lost count.
  const overrun = on0([ring(head, sub(head, 32769))]);
  const differential = on0(randomReads(rng.fork("differential"), saved, DIFFERENTIAL_READS));

  return [
    check("Reads the samples between tail and head, oldest first", few),
    check("An empty ring (head == tail) gives no values", empty),
    check("Reads that cross the end of the ring: sample 32767 is followed by sample 0", wrap),
    check("An overrun: more than 32768 samples behind reports the lost ones and reads the newest 32768", overrun),
    check(
      `Differential: ${DIFFERENTIAL_READS} random reads of your own ring compared with the reference`,
      differential,
    ),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: ringAnswerSchema,
  compare: compareBy(ringInputSchema.parse, isSameAnswer, explainMismatch),
  publicChecks,
});
