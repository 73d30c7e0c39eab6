import { z } from "zod";
import { type CheckGroup, type ExerciseSpec, type FixtureWire } from "../../../../../../contract/exercise";
import { CR4_PSE } from "../../../../../../sim/index";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import { MAX_MAP_LENGTH, type MapAnswer } from "./adapter";
import { explainMismatch } from "./spec-messages";
import { processFixture } from "./spec-machines";
import settingsJson from "./settings.json";

// page-directory-map: pdmap() draws COURSE.md's 16 x 64 map. Public: how maps are judged and the learner's checks.

/** A case's input: CR3 and CR4 when they differ from the fixture's. */
export const mapInputSchema = z
  .object({
    cr3: z.number().int().min(0).max(0xffffffff).optional(),
    cr4: z.number().int().min(0).max(0xffffffff).optional(),
  })
  .strict();
export type MapInput = z.infer<typeof mapInputSchema>;

/** The adapter's answer, checked on the host. */
export const mapAnswerSchema: z.ZodType<MapAnswer> = z.object({ map: z.string().max(MAX_MAP_LENGTH) }).strict();

/**
 * One check over cases on one or more fixtures (each case names its fixture by index). Every case carries CR4,
 * the fixture's unless the input sets it, so that the messages know whether PS meant a 4 MB page.
 */
export function checkGroup(
  name: string,
  points: number,
  visibility: CheckGroup["visibility"],
  fixtures: FixtureWire[],
  cases: [fixture: number, input: MapInput][],
): CheckGroup {
  return {
    name,
    points,
    visibility,
    fixtures,
    cases: cases.map(([fixture, input]) => ({
      fixture,
      input: mapInputSchema.parse({ cr4: fixtures[fixture]?.meta.cr4, ...input }),
    })),
  };
}

function publicChecks(seed: string): CheckGroup[] {
  const classic = processFixture(seed);
  return [
    checkGroup("Your process, 3G/1G with 4 MB kernel pages (CR4.PSE = 1)", 3, "public", [classic], [[0, {}]]),
    checkGroup(
      "Your process without PSE: lowmem in 4 KB page tables",
      2,
      "public",
      [processFixture(seed, { pse: false, ramMb: 128 })],
      [[0, {}]],
    ),
    checkGroup(
      "Your process on a 2G/2G split",
      2,
      "public",
      [processFixture(seed, { pageOffset: 0x80000000, ramMb: 2048 })],
      [[0, {}]],
    ),
    checkGroup(
      "CR3's low bits (PWT, PCD) are not part of the address",
      1,
      "public",
      [classic],
      [[0, { cr3: (Number(classic.meta.cr3) | 0x18) >>> 0 }]],
    ),
  ];
}

export const spec: ExerciseSpec<MapAnswer> = defineSpec({
  settings: settingsJson,
  outputSchema: mapAnswerSchema,
  compare: compareBy(
    (input) => mapInputSchema.parse(input),
    (expected: MapAnswer, actual: MapAnswer) => expected.map === actual.map,
    ({ cr4 }, expected, actual) =>
      explainMismatch(expected.map, actual.map, cr4 === undefined || (cr4 & CR4_PSE) !== 0),
  ),
  publicChecks,
});
