import type { FixtureWire } from "../../../../../../contract/exercise";
import { field, inputChecks, requireAnswerNumber } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import { logReads, pageOf, refuseWrites, translationOf, type WalkRead } from "../../../../../kit/walk-adapter";
import { PhysicalMemory, type Access, type CpuState } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the machine, calls translate(), and hands back plain
// data. Only sim/ and the kit's pure helpers are imported at run time. Virtual addresses travel as 0x-hex strings:
// they do not fit a JSON number.

export { MAX_LOGGED_READS, type WalkRead } from "../../../../../kit/walk-adapter";

/** A translation as plain data: the shape of Translation, with CR2 as a 0x-hex string. */
export type WalkResult =
  | { ok: true; pa: number; pageSize: number }
  | { ok: false; fault: "PF"; errorCode: number; cr2: string }
  | { ok: false; fault: "GP"; errorCode: number };

/** What a case returns to the host: the translation, and the first reads that led to it (for the trace). */
export interface WalkAnswer {
  result: WalkResult;
  reads: WalkRead[];
}

type Translate = (cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, maxPhyAddr: number) => unknown;

interface PreparedMachine {
  mem: PhysicalMemory;
  registers: { cr0: number; cr3: number; cr4: number; efer: number; maxPhyAddr: number };
}

const { describe, requireInteger, requireU32, requireBoolean, requireAccess, requireHex64, optional } =
  inputChecks("walk-64 adapter");
const requireMaxPhyAddr = (value: unknown, what: string) =>
  requireInteger(value, what, "an integer in [32, 52]", 32, 52);

/** Rebuilds physical memory from the wire and reads the registers (cr0, cr3, cr4, efer, maxPhyAddr). */
function prepare(fixture: FixtureWire): PreparedMachine {
  const mem = PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes });
  const meta = fixture.meta;
  return {
    mem,
    registers: {
      cr0: requireU32(meta.cr0, "fixture cr0"),
      cr3: requireInteger(meta.cr3, "fixture cr3", "a physical address"),
      cr4: requireU32(meta.cr4, "fixture cr4"),
      efer: requireU32(meta.efer, "fixture efer"),
      maxPhyAddr: requireMaxPhyAddr(meta.maxPhyAddr, "fixture maxPhyAddr"),
    },
  };
}

/**
 * Calls the learner's translate(cpu, mem, va, access, maxPhyAddr) for one case ({ va: "0x...", access, user }
 * plus optional ac, implicit, cr0, cr4, efer, maxPhyAddr) and copies the answer out field by field.
 * Throws a learner-readable Error when the answer does not have the shape of a Translation.
 */
function call(translate: Translate, prepared: PreparedMachine, input: Record<string, unknown>): WalkAnswer {
  const base = prepared.registers;
  const cpu: CpuState = {
    cr0: optional(input.cr0, requireU32, "input cr0") ?? base.cr0,
    cr3: base.cr3,
    cr4: optional(input.cr4, requireU32, "input cr4") ?? base.cr4,
    efer: optional(input.efer, requireU32, "input efer") ?? base.efer,
    ac: optional(input.ac, requireBoolean, "input ac") ?? false,
    user: requireBoolean(input.user, "input user"),
    implicit: optional(input.implicit, requireBoolean, "input implicit") ?? false,
  };
  const maxPhyAddr = optional(input.maxPhyAddr, requireMaxPhyAddr, "input maxPhyAddr") ?? base.maxPhyAddr;
  const va = requireHex64(input.va, "input va", "a 0x-hex string of at most 16 digits");
  const access = requireAccess(input.access);
  const reads: WalkRead[] = [];
  const mem = readOnlyView(
    prepared.mem,
    refuseWrites("translate", "this exercise does not set A/D bits"),
    logReads(reads),
  );
  return { result: copyResult(translate(cpu, mem, va, access, maxPhyAddr)), reads };
}

export const adapter = defineAdapter({ prepare, call });

const SHAPES =
  '{ ok: true, pa, pageSize }, { ok: false, fault: "PF", errorCode, cr2 } or { ok: false, fault: "GP", errorCode: 0 }';

const wholeNumber = (value: unknown, name: string) => requireAnswerNumber(value, name, describe, ": use Number(...)");

function copyResult(value: unknown): WalkResult {
  const { answer, ok } = translationOf(value, SHAPES, describe);
  if (ok) return pageOf(answer, wholeNumber);
  const fault = field(answer, "fault");
  const errorCode = wholeNumber(field(answer, "errorCode"), "errorCode");
  if (fault === "GP") return { ok: false, fault: "GP", errorCode };
  if (fault !== "PF") throw new Error(`a failed translation needs fault: "PF" or "GP", got fault: ${describe(fault)}`);
  return { ok: false, fault: "PF", errorCode, cr2: requireCr2(field(answer, "cr2")) };
}

/** CR2 is a bigint in Translation; a whole number is accepted too (its value is what is judged). */
function requireCr2(value: unknown): string {
  if (typeof value === "bigint") return "0x" + BigInt.asUintN(64, value).toString(16);
  if (typeof value === "number" && Number.isSafeInteger(value))
    return value < 0 ? String(value) : "0x" + value.toString(16);
  throw new Error(`cr2 must be a bigint (the faulting address), got ${describe(value)}`);
}
