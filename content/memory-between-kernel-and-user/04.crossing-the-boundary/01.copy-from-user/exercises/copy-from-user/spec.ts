import { z } from "zod";
import { checkGroupOf, onFixture0 } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import type { CopyAnswer } from "./adapter";
import { copyInputSchema, type CopyInput } from "./spec-input";
import { explainMismatch, isSameAnswer } from "./spec-messages";
import { hexPointer, PAGE, randomCopies, seededSpace } from "./spec-space";
import settingsJson from "./settings.json";

// copy-from-user: copy_from_user on a simulated x86-64 process. Public: how answers are judged and the learner's
// own checks.

/** The adapter's answer, checked on the host. */
export const copyAnswerSchema: z.ZodType<CopyAnswer> = z
  .object({
    notCopied: z.number().int(),
    dest: z
      .string()
      .regex(/^(?:[0-9a-f]{2})*$/)
      .max(2 * (16384 + 8)),
    userReads: z.number().int().min(0),
    firstFault: z
      .object({ at: z.string().max(20), reason: z.string().max(80) })
      .strict()
      .nullable(),
  })
  .strict();

/** One check over cases on one or more fixtures (each case names its fixture by index). */
export const checkGroup = checkGroupOf<CopyInput>(copyInputSchema.parse);

/** A copy of n bytes starting at `from`. */
export function copy(from: bigint | number, n: number): CopyInput {
  return { from: hexPointer(from), n };
}

/**
 * Copies in the public differential. Its job is starts and lengths the fixed checks do not choose; 18 still meet
 * each kind of boundary of the space (exercise.test.ts). 40 were a third of a submission's user reads.
 */
const DIFFERENTIAL_COPIES = 18;

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`copy-from-user public:${seed}`);
  const s = seededSpace(rng.fork("space"));
  const fixtures = [s.space.fixture()];
  const check = (name: string, cases: [number, CopyInput][]) => checkGroup(name, 1, "public", fixtures, cases);
  const on = onFixture0<CopyInput>;
  const r = rng.fork("cases");
  const data = (page: number) => s.data + page * PAGE;

  const present = on([
    copy(data(0), 1),
    copy(data(0) + r.int(1, 200), 16),
    copy(s.lone + r.int(0, 0x700), r.int(100, 2000)),
    copy(data(5) + r.int(0, 0x7ff), 1024),
    copy(s.lib + 0xf00, 0x200),
    // Across a page boundary of the stack (two when the start is late in its page).
    copy(s.stackTop - 3 * PAGE + r.int(0, 0xfff), PAGE + 0x100),
  ]);
  const notPresent = on([
    copy(data(2), 64),
    copy(data(2) - 0x40, 0x80),
    copy(data(4) + r.int(0, 0xf00), 0x100),
    copy(data(3) + 0xff0, 0x20),
    // A whole not-present page faulted in between two others (page 3 may be present or not).
    copy(data(1) + 0xf80, PAGE + 0x100),
    copy(s.libData + PAGE - 8, 16),
  ]);
  const stops = on([
    copy(s.lone + 0xf80, 300),
    copy(s.dataHole - 0x10, 0x40),
    copy(s.lib + 2 * PAGE - r.int(1, 0x800), 0x1000),
    copy(s.guard - 1, 2),
    copy(s.dataHole, 0x10),
    // Faults in the end of data page 4, reads page 5, stops where the data VMA ends.
    copy(data(4) + 0xf00 + r.int(0, 0xff), 3 * PAGE),
  ]);
  const refused = on([
    copy(0xffff888000001000n, 16),
    copy(0xffffffff81000000n + BigInt(r.int(0, 0xfff)), 64),
    copy(0x0000800000000000n, 8),
    copy(s.stackTop - 0x10, 0x20),
    copy(0xfffffffffffffff0n, 0x40),
  ]);
  const differential = on(randomCopies(rng.fork("differential"), s.space.vmas, DIFFERENTIAL_COPIES));

  return [
    check("Copies from pages your process has touched", present),
    check("Pages in a VMA that are not present yet are faulted in and copied", notPresent),
    check("A copy that runs into an unmapped or PROT_NONE page: bytes not copied, and a zeroed tail", stops),
    check("Pointers that fail access_ok are refused without touching user memory", refused),
    check(
      `Differential: ${DIFFERENTIAL_COPIES} random copies in your own address space compared with the reference`,
      differential,
    ),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: copyAnswerSchema,
  compare: compareBy(copyInputSchema.parse, isSameAnswer, explainMismatch),
  publicChecks,
});
