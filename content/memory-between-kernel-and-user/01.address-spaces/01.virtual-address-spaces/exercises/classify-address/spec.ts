import { z } from "zod";
import { selfContainedCheckGroupOf } from "../../../../../kit/check-group";
import { compareBy, defineSpec } from "../../../../../kit/define-spec";
import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, type Rng } from "../../../../../../sim/index";
import { I386_FIELDS, REGIONS, X86_64_FIELDS, type LayoutWire, type Region } from "./adapter";
import { explainMismatch } from "./spec-messages";
import {
  fullTable,
  i386Layout,
  randomBetween,
  randomI386Options,
  randomKaslrLayout,
  sampleAddresses,
  x8664Layout,
} from "./spec-layouts";
import settingsJson from "./settings.json";

// classify-address: which region of an i386 or x86-64 kernel layout an address falls in. Public: how answers are
// judged and the learner's own checks. Every case carries its layout, so a message can name the layout's numbers.

const hexString = z.string().regex(/^0x[0-9a-f]{1,16}$/);
const layoutSchema = z.discriminatedUnion("arch", [
  z.object({ arch: z.literal("i386"), ...Object.fromEntries(I386_FIELDS.map((f) => [f, hexString])) }).strict(),
  z.object({ arch: z.literal("x86_64"), ...Object.fromEntries(X86_64_FIELDS.map((f) => [f, hexString])) }).strict(),
]);
/** A case's input: the layout and the address, every number a 0x-hex string. */
export const caseInputSchema = z.object({ layout: layoutSchema, address: hexString }).strict();

/** The adapter's answer: one region name. */
export const regionSchema: z.ZodType<Region> = z.enum(REGIONS);

/** One check over cases on `layouts`; each case is [layout, address]. Cases need no fixture data. */
export const checkGroup = selfContainedCheckGroupOf(([layout, address]: readonly [LayoutWire, bigint]) => ({
  layout,
  address: "0x" + address.toString(16),
}));

/** Cases for `addresses` on one layout. */
export function on(layout: LayoutWire, addresses: bigint[]): [LayoutWire, bigint][] {
  return addresses.map((address) => [layout, address]);
}

/** A byte inside each named region (not an edge), drawn from `rng`: one question per region. */
export function insideEachRegion(rng: Rng, layout: LayoutWire): bigint[] {
  return fullTable(layout)
    .filter((row) => row.region !== "unused")
    .map((row) => randomBetween(rng, row.start, row.end));
}

/** The default layouts of the lesson: i386 3G/1G with 1 GB of RAM (current kernels), x86-64 without KASLR. */
export const WELL_KNOWN_I386 = i386Layout({ pageOffset: 0xc0000000, ramBytes: 1 << 30 });
export const WELL_KNOWN_X86_64 = x8664Layout();

function publicChecks(seed: string): CheckGroup[] {
  const rng = createRng(`classify-address public:${seed}`);
  const wellKnown = [
    ...on(WELL_KNOWN_I386, [0x08048000n, 0xbffff000n, 0xc0000000n, 0xc1000000n, 0xf8000000n, 0xff800000n, 0xfff80000n]),
    ...on(WELL_KNOWN_X86_64, [
      0x0000000000400000n,
      0x00007fffffffd000n,
      0xdead000000000000n,
      0xffff888000000000n,
      0xffff888000001000n,
      0xffffc90000000000n,
      0xffffea0000000000n,
      0xfffffe0000000000n,
      0xffffffff81000000n,
      0xffffffffa0000000n,
      0xffffffffff600400n,
    ]),
  ];
  const i386 = i386Layout(randomI386Options(rng.fork("i386 layout")));
  const kaslr = randomKaslrLayout(rng.fork("x86-64 layout"));
  const r = rng.fork("addresses");
  const differential = [...on(i386, sampleAddresses(r, i386, 30)), ...on(kaslr, sampleAddresses(r, kaslr, 30))];
  return [
    checkGroup("Well-known addresses: i386 3G/1G with 1 GB of RAM, x86-64 without KASLR", 1, "public", wellKnown),
    checkGroup(
      "Your own i386 layout (split, RAM and PAE from your seed)",
      1,
      "public",
      on(i386, insideEachRegion(r, i386)),
    ),
    checkGroup("Your own x86-64 layout, moved by KASLR", 1, "public", on(kaslr, insideEachRegion(r, kaslr))),
    checkGroup(
      "Differential: 60 random addresses of your own two layouts compared with the reference",
      1,
      "public",
      differential,
    ),
  ];
}

export const spec = defineSpec({
  settings: settingsJson,
  outputSchema: regionSchema,
  compare: compareBy(
    caseInputSchema.parse,
    (expected, actual) => expected === actual,
    ({ layout, address }, expected, actual) => explainMismatch(layout as LayoutWire, BigInt(address), expected, actual),
  ),
  publicChecks,
});
