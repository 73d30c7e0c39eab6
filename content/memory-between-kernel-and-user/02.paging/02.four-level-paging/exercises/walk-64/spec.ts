import { z } from "zod";
import { checkGroupOf } from "../../../../../kit/check-group";
import { defineWalkSpec, differentialCheckName, walkAnswerSchemaOf } from "../../../../../kit/walk-spec";
import { type CheckGroup, type ExerciseSpec } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import type { WalkAnswer } from "./adapter";
import { toCaseInput, vaHex, walkInputSchema, type WalkInput } from "./spec-input";
import { explainMismatch, isSameResult } from "./spec-messages";
import {
  CR0_NO_WP,
  CR4_SMAP_ON,
  CR4_SMEP_ON,
  findAbsentPml4e,
  processMachine,
  randomWalks,
  requireLeaves,
  within,
} from "./spec-machines";
import { traceFromAnswer } from "./spec-trace";
import settingsJson from "./settings.json";

// walk-64: translate() under 4-level paging. Public: how answers are judged and the learner's own checks.

const walkResultSchema = z.union([
  z.object({ ok: z.literal(true), pa: z.number().int(), pageSize: z.number().int() }).strict(),
  z
    .object({ ok: z.literal(false), fault: z.literal("PF"), errorCode: z.number().int(), cr2: z.string().max(24) })
    .strict(),
  z.object({ ok: z.literal(false), fault: z.literal("GP"), errorCode: z.number().int() }).strict(),
]);
/** The adapter's answer, checked on the host; the reads only feed the trace. */
export const walkAnswerSchema: z.ZodType<WalkAnswer> = walkAnswerSchemaOf(walkResultSchema);

/** One check over cases on one or more fixtures (each case names its fixture by index). */
export const checkGroup = checkGroupOf<WalkInput>(toCaseInput);

const GB = 1073741824;
const MB2 = 2097152;

function publicChecks(seed: string): CheckGroup[] {
  const machine = processMachine(seed);
  const rng = createRng(`walk-64 public:${seed}`);
  const fixtures = [machine.fixture];
  const on = (inputs: WalkInput[]): [number, WalkInput][] => inputs.map((input) => [0, input]);

  const userLeaves = requireLeaves(machine, "user page", (m) => m.user && m.va < 2n ** 47n);
  const text = requireLeaves(machine, "user code page", (m) => m.user && !m.nx && !m.writable && m.va < 2n ** 47n);
  const data = requireLeaves(machine, "user data page", (m) => m.user && m.writable);
  const kernel4k = requireLeaves(machine, "kernel 4 KB page", (m) => !m.user && m.size === 4096);
  const pages2m = requireLeaves(machine, "2 MB page", (m) => m.size === MB2);
  const pages1g = requireLeaves(machine, "1 GB page", (m) => m.size === GB);
  const kernelText = requireLeaves(machine, "kernel code page", (m) => !m.user && !m.nx && m.size === MB2);
  const firstText = text[0] ?? userLeaves[0];
  const topStack = data[data.length - 1];
  if (firstText === undefined || topStack === undefined)
    throw new Error("walk-64: the seeded process has no program or stack");

  const r4k = rng.fork("4k");
  const fourK = on([
    { va: vaHex(firstText.va), access: "read", user: true },
    { va: within(r4k, firstText), access: "exec", user: true },
    { va: within(r4k, r4k.pick(data)), access: "write", user: true },
    { va: vaHex(topStack.va + 0xff8n), access: "read", user: true },
    { va: within(r4k, r4k.pick(kernel4k)), access: "read", user: false },
    { va: within(r4k, r4k.pick(kernel4k)), access: "write", user: false },
    // The index-split examples of facts §2.2: the direct map's first byte (273/0/0/0) and the vsyscall page
    // (511/511/507/0), a user page in the kernel half.
    { va: "0xffff888000000000", access: "read", user: false },
    { va: "0xffffffffff600000", access: "exec", user: true },
  ]);
  const rLarge = rng.fork("large");
  const large = on([
    { va: within(rLarge, rLarge.pick(pages2m)), access: "read", user: false },
    { va: vaHex((pages2m[pages2m.length - 1]?.va ?? 0n) + BigInt(MB2 - 1)), access: "read", user: false },
    { va: within(rLarge, rLarge.pick(kernelText)), access: "exec", user: false },
    { va: within(rLarge, rLarge.pick(pages1g)), access: "read", user: false },
    { va: within(rLarge, rLarge.pick(pages1g)), access: "write", user: false },
  ]);
  const absent = findAbsentPml4e(machine);
  const notPresent = on([
    { va: vaHex(absent), access: "read", user: true },
    { va: vaHex(absent + 0x12345678n), access: "write", user: true },
    { va: vaHex(absent + 0x10n), access: "read", user: false },
    { va: vaHex(firstText.va - 0x1000n), access: "read", user: true },
    { va: "0xffff888120000000", access: "read", user: false }, // the direct map ends with RAM (4.5 GB)
    { va: "0xffffc90000004abc", access: "read", user: false }, // vmalloc's first guard page
    { va: "0xffffffff80000000", access: "read", user: false }, // 511/510/0/0: the image starts 16 MB higher
  ]);
  const canonical = on([
    { va: "0x00007fffffffffff", access: "read", user: true },
    { va: "0x0000900000000000", access: "read", user: true },
    { va: "0xfff0888000000000", access: "read", user: false },
    { va: "0x8000000000000000", access: "write", user: false },
    { va: "0xffff800000000000", access: "read", user: false },
  ]);
  const rr = rng.fork("rights");
  const nxData = requireLeaves(machine, "user NX page", (m) => m.user && m.nx && m.va < 2n ** 47n);
  const rights = on([
    { va: within(rr, rr.pick(pages1g)), access: "read", user: true },
    { va: "0xffff888000000000", access: "exec", user: true },
    { va: within(rr, firstText), access: "write", user: true },
    { va: within(rr, rr.pick(nxData)), access: "exec", user: true },
    { va: within(rr, rr.pick(kernelText)), access: "write", user: false },
    { va: within(rr, firstText), access: "write", user: false, cr0: CR0_NO_WP },
    { va: within(rr, firstText), access: "exec", user: false, cr4: CR4_SMEP_ON },
    { va: within(rr, rr.pick(data)), access: "read", user: false, cr4: CR4_SMAP_ON },
    { va: within(rr, rr.pick(data)), access: "read", user: false, cr4: CR4_SMAP_ON, ac: true },
  ]);
  const differential = on(randomWalks(rng.fork("differential"), machine, 40));

  return [
    checkGroup("4 KB pages in your process", 2, "public", fixtures, fourK),
    checkGroup("2 MB and 1 GB kernel pages", 2, "public", fixtures, large),
    checkGroup("Not-present entries", 2, "public", fixtures, notPresent),
    checkGroup("Canonical addresses: #GP(0) for the others", 2, "public", fixtures, canonical),
    checkGroup("Rights: user, read-only, NX, WP, SMEP, SMAP", 2, "public", fixtures, rights),
    checkGroup(differentialCheckName(40), 2, "public", fixtures, differential),
  ];
}

export const spec: ExerciseSpec<WalkAnswer> = defineWalkSpec({
  settings: settingsJson,
  answerSchema: walkAnswerSchema,
  parseInput: (input) => walkInputSchema.parse(input),
  isSameResult,
  explainMismatch,
  publicChecks,
  trace: traceFromAnswer,
});
