import { z } from "zod";
import { selfContainedCheckGroupOf } from "../../../../../kit/check-group";
import { defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup, Comparison } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { ERAS, LAYOUT_FIELDS, ZONE_NAMES, type Config, type Layout } from "./adapter";
import { config, GB, MB, randomConfig } from "./spec-configs";
import { explainMismatch } from "./spec-messages";
import settingsJson from "./settings.json";

// layout-i386: from a configuration (split, RAM, vmalloc=, PAE, era, FIXADDR_START) to where an i386 kernel puts
// lowmem, vmalloc space and the kmap window, and how it zones RAM. Public: how answers are judged and the learner's
// own checks. Every case carries its configuration, so a message can say it in the kernel's words.

const integer = z.number().int().refine(Number.isSafeInteger);
const nonNegative = integer.refine((n) => n >= 0);

/** A case's input: one configuration. */
export const caseInputSchema = z
  .object({
    config: z
      .object({
        pageOffset: nonNegative,
        ramBytes: nonNegative,
        vmallocBytes: nonNegative.nullable(),
        pae: z.boolean(),
        era: z.enum(ERAS),
        fixaddrStart: nonNegative,
      })
      .strict(),
  })
  .strict();

/** The adapter's answer: every field an integer (negative ones are let through so the message can explain them). */
export const layoutSchema: z.ZodType<Layout> = z
  .object({
    ...(Object.fromEntries(LAYOUT_FIELDS.map((f) => [f, integer])) as Record<
      (typeof LAYOUT_FIELDS)[number],
      typeof integer
    >),
    zones: z.array(z.object({ name: z.enum(ZONE_NAMES), startPhys: integer, endPhys: integer }).strict()),
  })
  .strict();

/** One check over `configs`: one case per configuration. Cases need no fixture data. */
export const checkGroup = selfContainedCheckGroupOf((c: Config) => ({ config: { ...c } }));

/** The three machines of the lesson's worked examples: 3G/1G, a 3.x kernel, 512 MB, 1 GB and 4 GB of RAM. */
export const LESSON_CONFIGS = [
  config({ ramBytes: 512 * MB }),
  config({ ramBytes: 1 * GB }),
  config({ ramBytes: 4 * GB }),
];
/**
 * Real boot logs ("virtual kernel memory layout"), 3G/1G without PAE: Linux 2.6.24 with 2 GB (896 MB of lowmem) and
 * with 0x1f780000 of RAM (lowmem to 0xdf780000, vmalloc from 0xe0000000: rounded up to 8 MB), Linux 2.6.38 with 2 GB
 * (887 MB).
 */
export const BOOT_LOG_CONFIGS = [
  config({ ramBytes: 2 * GB, era: "2.6" }),
  config({ ramBytes: 0x1f780000, era: "2.6" }),
  config({ ramBytes: 2 * GB, era: "3.x" }),
];

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`layout-i386 public:${seed}`);
  const own = [0, 1, 2].map((i) => randomConfig(rng.fork(`own ${i}`)));
  const differential = Array.from({ length: 20 }, (_, i) => randomConfig(rng.fork(`differential ${i}`)));
  return [
    checkGroup(
      "The lesson's machines: 3G/1G with 512 MB, 1 GB and 4 GB of RAM (3.x kernel)",
      1,
      "public",
      LESSON_CONFIGS,
    ),
    checkGroup(
      "The boot logs: Linux 2.6.24 with 2 GB (896 MB of lowmem) and with 503.5 MB, Linux 2.6.38 with 2 GB (887 MB)",
      1,
      "public",
      BOOT_LOG_CONFIGS,
    ),
    checkGroup("Your own three machines (split, RAM, vmalloc=, PAE and era from your seed)", 1, "public", own),
    checkGroup(
      "Differential: 20 random configurations of your seed compared with the reference",
      1,
      "public",
      differential,
    ),
  ];
}

function compare(input: Record<string, unknown>, expected: Layout, actual: Layout): Comparison {
  const { config: c } = caseInputSchema.parse(input);
  const message = explainMismatch(c, expected, actual);
  return message === undefined ? { pass: true } : { pass: false, message };
}

export const spec = defineSpec({ settings: settingsJson, outputSchema: layoutSchema, compare, publicChecks });
