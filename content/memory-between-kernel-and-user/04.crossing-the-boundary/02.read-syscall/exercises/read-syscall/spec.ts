import { z } from "zod";
import { checkGroupOf, onFixture0 } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import type { ReadAnswer } from "./adapter";
import { readInputSchema, type ReadInput } from "./spec-input";
import { explainMismatch, isSameAnswer } from "./spec-messages";
import { PAGE, randomReads, read, seededSpace } from "./spec-space";
import settingsJson from "./settings.json";

// read-syscall: a character driver's read() on a simulated x86-64 process. Public: how answers are judged and the
// learner's own checks.

const MAX_DEVICE = 65536;

/** The adapter's answer, checked on the host. */
export const readAnswerSchema: z.ZodType<ReadAnswer> = z
  .object({
    returned: z.number().int(),
    pos: z.number().int(),
    stored: z
      .array(
        z
          .object({
            at: z.string().regex(/^0x[0-9a-f]{1,16}$/),
            hex: z
              .string()
              .regex(/^(?:[0-9a-f]{2})+$/)
              .max(4 * MAX_DEVICE),
          })
          .strict(),
      )
      .max(1 << 16),
    fault: z
      .object({ at: z.string().max(20), reason: z.string().max(80) })
      .strict()
      .nullable(),
    size: z.number().int().min(0).max(MAX_DEVICE),
  })
  .strict();

/** One check over cases on one or more fixtures (each case names its fixture by index). */
export const checkGroup = checkGroupOf<ReadInput>(readInputSchema.parse);

/** Cases all on fixture 0. */
export const on0 = onFixture0<ReadInput>;

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`read-syscall public:${seed}`);
  const s = seededSpace(rng.fork("space"));
  const fixtures = [s.space.fixture()];
  const check = (name: string, cases: [number, ReadInput][]) => checkGroup(name, 1, "public", fixtures, cases);
  const r = rng.fork("cases");
  const size = s.size;

  const fromStart = on0([
    read(s.data, 1, 0),
    read(s.data + r.int(0, 200), 16, 0),
    read(s.data, r.int(100, 2000), 0),
    read(s.data + PAGE + r.int(0, 0x7ff), 1024, 0),
    read(s.stackTop - 2 * PAGE, 2 * PAGE, 0),
  ]);
  const atPos = on0([
    read(s.data, 10, 1),
    read(s.data, 100, r.int(1, size - 200)),
    read(s.data + 0x100, 1000, r.int(1000, size - 1000)),
    read(s.data + PAGE, 3 * PAGE, r.int(0, 100)),
    read(s.cow, 512, r.int(0, size - 600)),
  ]);
  const atEnd = on0([
    read(s.data, 100, size - 10),
    read(s.data, size + 1, 0),
    read(s.data, 4 * PAGE, r.int(1, size - 1)),
    read(s.data, 100, size),
    read(s.data, 1, size + r.int(1, 5000)),
  ]);
  const faults = on0([
    read(s.rw + PAGE - 0x40, 0x100, 0),
    read(s.dataHole - 0x10, 0x40, r.int(0, size - 0x40)),
    read(s.ro, 64, 0),
    read(s.none - 8, 16, 0),
    read(s.dataHole, 16, 0),
    read(0xffff888000001000n, 16, 0),
  ]);
  const differential = on0(randomReads(rng.fork("differential"), s.space.vmas, size, 40));

  return [
    check("Reads from the start of the device into a mapped buffer", fromStart),
    check("Reads continue at *ppos and advance it by what was read", atPos),
    check("A read past the end is short, and a read at the end returns 0 (EOF)", atEnd),
    check("A buffer that faults: a short read of what fit, or -EFAULT when nothing did", faults),
    check("Differential: 40 random reads in your own process compared with the reference", differential),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: readAnswerSchema,
  compare: compareBy(readInputSchema.parse, isSameAnswer, explainMismatch),
  publicChecks,
});
