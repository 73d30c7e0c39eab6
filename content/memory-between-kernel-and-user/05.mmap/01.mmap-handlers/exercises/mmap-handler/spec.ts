import { z } from "zod";
import { oneFixtureCheckGroupOf } from "../../../../../kit/check-group";
import { defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup, Comparison, FixtureWire } from "../../../../../../contract/exercise";
import { createRng, type Rng } from "../../../../../../sim/index";
import type { MmapAnswer } from "./spec-ring";
import {
  BUF_PAGES,
  MAP_PRIVATE,
  mmapInputSchema,
  PAGE,
  PROT_EXEC,
  PROT_READ,
  PROT_WRITE,
  request,
  type MmapInput,
} from "./spec-input";
import { explainMismatch, isSameAnswer } from "./spec-messages";
import { randomRequests } from "./spec-random";
import settingsJson from "./settings.json";

// mmap-handler: a driver's ->mmap for a 64 KB read-only ring, judged by real mmap(2) calls on a simulated machine.
// Public: how answers are judged and the learner's own checks.

const errnoOrMinus = z.number().int().max(0);

export const mmapAnswerSchema: z.ZodType<MmapAnswer> = z
  .object({
    handler: z.number().int().nullable(),
    errno: z.number().int().min(1).max(4095).nullable(),
    mapping: z
      .object({
        pages: z.number().int().min(1),
        frames: z.array(z.string().max(80)).max(64).nullable(),
        outside: z.number().int().min(0),
        firstOutside: z.string().max(80).nullable(),
        stopped: z.boolean(),
        after: z
          .object({
            userWrite: z.enum(["written", "SIGSEGV", "SIGBUS"]),
            mprotectWrite: errnoOrMinus,
            mprotectExec: errnoOrMinus,
            mremapGrow: errnoOrMinus,
            refErrors: z.number().int().min(0),
          })
          .strict()
          .nullable(),
        flags: z.string().max(300),
      })
      .strict()
      .nullable(),
  })
  .strict();

/** The machine of a seed: where its physical memory starts; the ring sits 2 frames above (adapter.ringLayout). */
export function ringFixture(rng: Rng): FixtureWire {
  return { frames: [], bytes: new Uint8Array(0), meta: { base: rng.int(0x20000, 0x3ff00) } };
}

/** One check whose cases all run on `fixture`. */
export const checkGroup = oneFixtureCheckGroupOf<MmapInput>(mmapInputSchema.parse);

const pages = (n: number) => n * PAGE;

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`mmap-handler public:${seed}`);
  const fixture = ringFixture(rng.fork("machine"));
  const r = rng.fork("cases");
  const single = r.int(1, BUF_PAGES - 2);
  const fitOff = r.int(1, BUF_PAGES - 2);
  const fitLen = r.int(1, BUF_PAGES - fitOff);
  const endOff = r.int(2, BUF_PAGES - 1);
  const overOff = r.int(1, BUF_PAGES - 1);
  return [
    checkGroup("Legal requests: the whole ring, single pages and exact fits at its end", 1, "public", fixture, [
      request(pages(BUF_PAGES), 0),
      request(pages(1), pages(single)),
      request(pages(fitLen), pages(fitOff)),
      request(pages(BUF_PAGES - endOff), pages(endOff)),
      request(pages(1), pages(BUF_PAGES - 1)),
      request(pages(2) - r.int(1, 4095), pages(r.int(0, BUF_PAGES - 2))),
    ]),
    checkGroup("Requests that reach past the ring are refused with -EINVAL", 1, "public", fixture, [
      request(pages(BUF_PAGES + 1), 0),
      request(pages(1), pages(BUF_PAGES)),
      request(pages(2), pages(BUF_PAGES - 1)),
      request(pages(BUF_PAGES - overOff + 1), pages(overOff)),
      request(pages(BUF_PAGES) + 1, 0),
    ]),
    checkGroup(
      "A read-only shared ring: write and exec get -EPERM, MAP_PRIVATE -EINVAL, and mprotect cannot add write",
      1,
      "public",
      fixture,
      [
        request(pages(BUF_PAGES), 0, { prot: PROT_READ | PROT_WRITE }),
        request(pages(1), pages(single), { prot: PROT_READ | PROT_EXEC }),
        request(pages(BUF_PAGES), 0, { flags: MAP_PRIVATE }),
        request(pages(fitLen), pages(fitOff)),
        request(pages(1), 0, { prot: PROT_WRITE }),
      ],
    ),
    checkGroup(
      "Differential: 30 random requests on your own machine compared with the reference",
      1,
      "public",
      fixture,
      randomRequests(rng.fork("differential"), 30),
    ),
  ];
}

function compare(rawInput: Record<string, unknown>, expected: MmapAnswer, actual: MmapAnswer): Comparison {
  const input = mmapInputSchema.parse(rawInput);
  if (isSameAnswer(input, expected, actual)) return { pass: true };
  return { pass: false, message: explainMismatch(input, expected, actual) };
}

export const spec = defineSpec({ settings: settingsJson, outputSchema: mmapAnswerSchema, compare, publicChecks });
