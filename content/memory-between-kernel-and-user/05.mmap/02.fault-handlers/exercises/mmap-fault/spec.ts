import { z } from "zod";
import { oneFixtureCheckGroupOf } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup, FixtureWire } from "../../../../../../contract/exercise";
import { createRng, type Rng } from "../../../../../../sim/index";
import { explainRun, isSameRun } from "./spec-messages";
import { BUF_PAGES, type ScriptAnswer, type Step } from "./spec-script";
import { randomScript } from "./spec-random";
import settingsJson from "./settings.json";

// mmap-fault: the ring of mmap-handler mapped lazily through ->fault, judged by scripts of real mmap, page faults,
// munmap, mremap, fork and exit on a simulated machine. Public: how answers are judged and the learner's checks.

const who = z.enum(["parent", "child"]);
const count = (max: number) => z.number().int().min(0).max(max);

export const stepSchema: z.ZodType<Step> = z.discriminatedUnion("op", [
  z
    .object({
      op: z.literal("mmap"),
      pages: count(64),
      pgoff: count(2 ** 40),
      write: z.boolean().optional(),
      private: z.boolean().optional(),
      rdonly: z.boolean().optional(),
    })
    .strict(),
  z.object({ op: z.literal("touch"), who, page: count(64), write: z.boolean().optional() }).strict(),
  z.object({ op: z.literal("munmap"), who, page: count(64), pages: count(64) }).strict(),
  z.object({ op: z.literal("mremap"), who, pages: count(64) }).strict(),
  z.object({ op: z.literal("mprotect-write"), who }).strict(),
  z.object({ op: z.literal("fork") }).strict(),
  z.object({ op: z.literal("exit"), who }).strict(),
  z.object({ op: z.literal("close-fd") }).strict(),
  z.object({ op: z.literal("fault"), pgoff: count(2 ** 40) }).strict(),
]);
export const scriptSchema = z.object({ steps: z.array(stepSchema).min(1).max(40) }).strict();

export const scriptAnswerSchema: z.ZodType<ScriptAnswer> = z
  .object({
    steps: z
      .array(
        z
          .object({
            result: z.string().max(200),
            refs: z.string().max(200),
            mapCount: z.number().int(),
            refBugs: z.number().int().min(0),
          })
          .strict(),
      )
      .max(40),
  })
  .strict();

/** The machine of a seed: where its physical memory starts; the ring is the 16 frames above that. */
export function ringFixture(rng: Rng): FixtureWire {
  return { frames: [], bytes: new Uint8Array(0), meta: { base: rng.int(0x20000, 0x3ff00) } };
}

/** One check of scripts, all on `fixture`. */
export const checkGroup = oneFixtureCheckGroupOf((steps: Step[]) => scriptSchema.parse({ steps }));

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`mmap-fault public:${seed}`);
  const fixture = ringFixture(rng.fork("machine"));
  const r = rng.fork("cases");
  const off = r.int(1, 8);
  const a = r.int(0, 3);
  const b = r.int(4, 7);
  return [
    checkGroup("First touch maps the ring page with a reference of its own", 1, "public", fixture, [
      [
        { op: "mmap", pages: BUF_PAGES, pgoff: 0 },
        { op: "touch", who: "parent", page: a },
        { op: "touch", who: "parent", page: a },
        { op: "touch", who: "parent", page: b },
      ],
      [
        { op: "mmap", pages: 8, pgoff: off },
        { op: "touch", who: "parent", page: 0 },
        { op: "touch", who: "parent", page: 7 },
      ],
    ]),
    checkGroup(
      "munmap gives the references back, and a partial munmap calls ->open for the piece it splits off",
      1,
      "public",
      fixture,
      [
        [
          { op: "mmap", pages: 8, pgoff: 0 },
          { op: "touch", who: "parent", page: a },
          { op: "touch", who: "parent", page: b },
          { op: "munmap", who: "parent", page: 0, pages: 8 },
        ],
        [
          { op: "mmap", pages: 8, pgoff: off },
          { op: "touch", who: "parent", page: 5 },
          { op: "munmap", who: "parent", page: 2, pages: 2 },
          { op: "munmap", who: "parent", page: 5, pages: 1 },
        ],
      ],
    ),
    checkGroup("Past the ring: mremap cannot grow the mapping, and ->fault gives SIGBUS", 1, "public", fixture, [
      [
        { op: "mmap", pages: BUF_PAGES, pgoff: 0 },
        { op: "mremap", who: "parent", pages: BUF_PAGES + 1 },
        { op: "touch", who: "parent", page: BUF_PAGES },
      ],
      [
        { op: "mmap", pages: 2, pgoff: 14 },
        { op: "fault", pgoff: BUF_PAGES },
        { op: "fault", pgoff: BUF_PAGES + r.int(1, 100) },
      ],
    ]),
    checkGroup(
      "Differential: 15 random scripts on your own machine compared with the reference",
      1,
      "public",
      fixture,
      Array.from({ length: 15 }, (_, i) => randomScript(rng.fork(`script ${i}`))),
    ),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: scriptAnswerSchema,
  compare: compareBy(scriptSchema.parse, isSameRun, ({ steps }, expected, actual) =>
    explainRun(steps, expected, actual),
  ),
  publicChecks,
});
