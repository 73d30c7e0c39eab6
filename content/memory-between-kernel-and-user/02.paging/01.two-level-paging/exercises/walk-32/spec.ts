import { z } from "zod";
import { checkGroupOf } from "../../../../../kit/check-group";
import { defineWalkSpec, differentialCheckName, walkAnswerSchemaOf } from "../../../../../kit/walk-spec";
import { type CheckGroup, type ExerciseSpec } from "../../../../../../contract/exercise";
import { createRng, PAGING_FORMAT_BY_ID, type Rng } from "../../../../../../sim/index";
import type { WalkAnswer } from "./adapter";
import { toCaseInput, walkInputSchema, type WalkInput } from "./spec-input";
import { explainMismatch, isSameResult } from "./spec-messages";
import {
  LEAF_LARGE,
  LEAF_USER,
  LEAF_WRITABLE,
  processMachine,
  randomWalks,
  type Leaf,
  type Leaves,
  type ProcessMachine,
} from "./spec-machines";
import { traceFromAnswer } from "./spec-trace";
import settingsJson from "./settings.json";

// walk-32: translate() under 32-bit paging with PSE. Public: how answers are judged and the learner's own checks.

const walkResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), pa: z.number().int(), pageSize: z.number().int() }).strict(),
  z
    .object({ ok: z.literal(false), fault: z.literal("PF"), errorCode: z.number().int(), cr2: z.number().int() })
    .strict(),
]);
/** The adapter's answer, checked on the host; the reads only feed the trace. */
export const walkAnswerSchema: z.ZodType<WalkAnswer> = walkAnswerSchemaOf(walkResultSchema);

/** One check over cases on one or more fixtures (each case names its fixture by index). */
export const checkGroup = checkGroupOf<WalkInput>(toCaseInput);

/**
 * The machine's leaves whose bits under `mask` are `bits`, by address; throws when there are none (a broken scenario,
 * not a learner error).
 */
function requireLeaves(machine: ProcessMachine, what: string, mask: number, bits: number): Leaves {
  const found = machine.leaves.where(mask, bits);
  if (found.length === 0) throw new Error(`walk-32: the seeded process has no ${what}`);
  return found;
}

function publicChecks(seed: string): CheckGroup[] {
  // 4 GB of RAM: about half of the process's frames lie above 2 GB, where a signed `&` turns negative.
  const machine = processMachine(seed, { ramMb: 4096 });
  const rng = createRng(`walk-32 public:${seed}`);
  const fixtures = [machine.fixture];
  const on = (inputs: WalkInput[]): [number, WalkInput][] => inputs.map((input) => [0, input]);
  const offset = (leaf: Leaf, r: Rng) => leaf.va + r.int(1, leaf.size - 1);

  const rights = LEAF_LARGE | LEAF_USER | LEAF_WRITABLE;
  const text = requireLeaves(machine, "user 4 KB page", rights, LEAF_USER);
  const data = requireLeaves(machine, "user 4 KB page", rights, LEAF_USER | LEAF_WRITABLE);
  const kernel4k = requireLeaves(machine, "kernel 4 KB page", LEAF_LARGE | LEAF_USER, 0);
  const large = requireLeaves(machine, "4 MB page", LEAF_LARGE, LEAF_LARGE);
  const firstText = text.at(0);
  const topStack = data.at(data.length - 1);
  const firstLarge = large.at(0);
  const absentPde = findAbsentPde(machine);
  const absentPte = findAbsentPte(machine);

  const r4k = rng.fork("4k");
  const fourK = on([
    { va: firstText.va, access: "read", user: true },
    { va: offset(firstText, r4k), access: "read", user: true },
    { va: offset(text.pick(r4k), r4k), access: "exec", user: true },
    { va: offset(data.pick(r4k), r4k), access: "write", user: true },
    { va: topStack.va + 0xffc, access: "read", user: true },
    { va: offset(kernel4k.pick(r4k), r4k), access: "read", user: false },
  ]);
  const r4m = rng.fork("4m");
  const fourM = on([
    { va: firstLarge.va, access: "read", user: false },
    { va: firstLarge.va + 0x123456, access: "read", user: false },
    { va: offset(large.pick(r4m), r4m), access: "write", user: false },
    { va: offset(large.pick(r4m), r4m), access: "exec", user: false },
    { va: large.at(large.length - 1).va + 0x3fffff, access: "read", user: false },
  ]);
  const notPresent = on([
    { va: absentPde, access: "read", user: true },
    { va: absentPde + 0x2345, access: "write", user: true },
    { va: absentPde + 0x10, access: "read", user: false },
    { va: absentPte, access: "read", user: true },
    { va: absentPte + 0x678, access: "write", user: false },
    { va: absentPte + 0xabc, access: "exec", user: true },
  ]);
  const rr = rng.fork("rights");
  const userVsSupervisor = on([
    { va: firstLarge.va + 0x100, access: "read", user: true },
    { va: offset(kernel4k.pick(rr), rr), access: "write", user: true },
    { va: offset(firstText, rr), access: "write", user: true },
    { va: offset(firstText, rr), access: "write", user: false },
    { va: offset(firstText, rr), access: "read", user: false },
    { va: offset(data.pick(rr), rr), access: "write", user: true },
  ]);
  const differential = on(randomWalks(rng.fork("differential"), machine, 40));

  return [
    checkGroup("4 KB pages in your process", 2, "public", fixtures, fourK),
    checkGroup("4 MB kernel pages (PSE)", 2, "public", fixtures, fourM),
    checkGroup("Not-present entries", 2, "public", fixtures, notPresent),
    checkGroup("User vs supervisor and read-only rights", 2, "public", fixtures, userVsSupervisor),
    checkGroup(differentialCheckName(40), 2, "public", fixtures, differential),
  ];
}

/** VA bits below a PDE's index (22): a PDE covers 2^PDE_SHIFT bytes (sim's paging-format table). */
const PDE_SHIFT = PAGING_FORMAT_BY_ID["i386-pse"].levels[0].loBit;

/** The lowest user address whose PDE is not present. */
function findAbsentPde(machine: ProcessMachine): number {
  for (let i = 0; i < machine.pageOffset >>> PDE_SHIFT; i++) {
    if ((machine.mem.read32(machine.cr3 + i * 4) & 1) === 0) return i * 2 ** PDE_SHIFT;
  }
  throw new Error("walk-32: the seeded process has no empty user PDE");
}

/** The first not-present user page inside a present page table (just past the program's last present page). */
function findAbsentPte(machine: ProcessMachine): number {
  const user4k = machine.leaves.where(LEAF_LARGE | LEAF_USER, LEAF_USER);
  for (let i = 0; i < user4k.length; i++) {
    const next = user4k.at(i).va + 4096;
    if (!machine.leaves.startsAt(next) && next >>> PDE_SHIFT === (next - 4096) >>> PDE_SHIFT) return next;
  }
  throw new Error("walk-32: the seeded process has no not-present PTE");
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
