import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";
import { PhysicalMemory, type Access, type CpuState } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the machine, calls translate(), and hands back plain
// data. Only sim/ is imported at run time (the kit import is types only and vanishes when bundled). Virtual
// addresses travel as 0x-hex strings: they do not fit a JSON number.

/** A translation as plain data: the shape of Translation, with CR2 as a 0x-hex string. */
export type WalkResult =
  | { ok: true; pa: number; pageSize: number }
  | { ok: false; fault: "PF"; errorCode: number; cr2: string }
  | { ok: false; fault: "GP"; errorCode: number };

/** One memory read the learner's walk made; `value` is 0x-hex (64-bit reads do not fit a number). */
export interface WalkRead {
  pa: number;
  size: 1 | 2 | 4 | 8;
  value: string;
}

/** What a case returns to the host: the translation, and the first reads that led to it (for the trace). */
export interface WalkAnswer {
  result: WalkResult;
  reads: WalkRead[];
}

export const MAX_LOGGED_READS = 16;

type Translate = (cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, maxPhyAddr: number) => unknown;

interface Registers {
  cr0: number;
  cr3: number;
  cr4: number;
  efer: number;
  maxPhyAddr: number;
}

class PreparedMachine {
  constructor(
    readonly mem: PhysicalMemory,
    readonly registers: Registers,
  ) {}
}

/** Rebuilds physical memory from the wire and reads the registers (cr0, cr3, cr4, efer, maxPhyAddr). */
function prepare(fixture: FixtureWire): PreparedMachine {
  const mem = PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes });
  const meta = fixture.meta;
  return new PreparedMachine(mem, {
    cr0: requireU32(meta.cr0, "fixture cr0"),
    cr3: requireAddress(meta.cr3, "fixture cr3"),
    cr4: requireU32(meta.cr4, "fixture cr4"),
    efer: requireU32(meta.efer, "fixture efer"),
    maxPhyAddr: requireMaxPhyAddr(meta.maxPhyAddr, "fixture maxPhyAddr"),
  });
}

/**
 * Calls the learner's translate(cpu, mem, va, access, maxPhyAddr) for one case ({ va: "0x...", access, user }
 * plus optional ac, implicit, cr0, cr4, efer, maxPhyAddr) and copies the answer out field by field.
 * Throws a learner-readable Error when the answer does not have the shape of a Translation.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): WalkAnswer {
  if (!(prepared instanceof PreparedMachine)) throw new Error("walk-64 adapter: call() needs what prepare() returned");
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
  const va = requireVa(input.va);
  const access = requireAccess(input.access);
  const reads: WalkRead[] = [];
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's translate().
  const translate = entry as unknown as Translate;
  const returned = translate(cpu, loggingMemory(prepared.mem, reads), va, access, maxPhyAddr);
  return { result: copyResult(returned), reads };
}

export const adapter: ExerciseAdapter = { prepare, call };

/** The same memory, but every read8/16/32/64 is logged (up to MAX_LOGGED_READS) and writes are refused. */
function loggingMemory(mem: PhysicalMemory, reads: WalkRead[]): PhysicalMemory {
  return readOnlyView(
    mem,
    (method) => new Error(`translate must not write to memory (mem.${method}): this exercise does not set A/D bits`),
    (pa, size, value) => {
      if (reads.length < MAX_LOGGED_READS) reads.push({ pa, size, value: "0x" + value.toString(16) });
    },
  );
}

const SHAPES =
  '{ ok: true, pa, pageSize }, { ok: false, fault: "PF", errorCode, cr2 } or { ok: false, fault: "GP", errorCode: 0 }';

function copyResult(value: unknown): WalkResult {
  if (typeof value !== "object" || value === null)
    throw new Error(`translate returned ${describe(value)}; return ${SHAPES}`);
  if ("then" in value && typeof value.then === "function") {
    throw new Error(`translate returned a Promise; make it a plain (not async) function returning ${SHAPES}`);
  }
  const ok = "ok" in value ? value.ok : undefined;
  if (ok === true) {
    return {
      ok: true,
      pa: requireWholeNumber("pa" in value ? value.pa : undefined, "pa"),
      pageSize: requireWholeNumber("pageSize" in value ? value.pageSize : undefined, "pageSize"),
    };
  }
  if (ok !== false) throw new Error(`translate returned an object whose ok is ${describe(ok)}; return ${SHAPES}`);
  const fault = "fault" in value ? value.fault : undefined;
  const errorCode = requireWholeNumber("errorCode" in value ? value.errorCode : undefined, "errorCode");
  if (fault === "GP") return { ok: false, fault: "GP", errorCode };
  if (fault !== "PF") throw new Error(`a failed translation needs fault: "PF" or "GP", got fault: ${describe(fault)}`);
  return { ok: false, fault: "PF", errorCode, cr2: requireCr2("cr2" in value ? value.cr2 : undefined) };
}

/** CR2 is a bigint in Translation; a whole number is accepted too (its value is what is judged). */
function requireCr2(value: unknown): string {
  if (typeof value === "bigint") return "0x" + BigInt.asUintN(64, value).toString(16);
  if (typeof value === "number" && Number.isSafeInteger(value))
    return value < 0 ? String(value) : "0x" + value.toString(16);
  throw new Error(`cr2 must be a bigint (the faulting address), got ${describe(value)}`);
}

function requireWholeNumber(value: unknown, field: string): number {
  if (typeof value === "bigint")
    throw new Error(`${field} must be a number, not a bigint (${value}n): use Number(...)`);
  if (typeof value !== "number" || !Number.isInteger(value))
    throw new Error(`${field} must be a whole number, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

function requireU32(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`walk-64 adapter: ${what} must be an unsigned 32-bit number, got ${describe(value)}`);
  }
  return value;
}

function requireAddress(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`walk-64 adapter: ${what} must be a physical address, got ${describe(value)}`);
  }
  return value;
}

function requireMaxPhyAddr(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 32 || value > 52) {
    throw new Error(`walk-64 adapter: ${what} must be an integer in [32, 52], got ${describe(value)}`);
  }
  return value;
}

function requireBoolean(value: unknown, what: string): boolean {
  if (typeof value === "boolean") return value;
  throw new Error(`walk-64 adapter: ${what} must be a boolean, got ${describe(value)}`);
}

function optional<T>(value: unknown, parse: (value: unknown, what: string) => T, what: string): T | undefined {
  return value === undefined ? undefined : parse(value, what);
}

function requireVa(value: unknown): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-f]{1,16}$/.test(value)) {
    throw new Error(`walk-64 adapter: input va must be a 0x-hex string of at most 16 digits, got ${describe(value)}`);
  }
  return BigInt(value);
}

function requireAccess(value: unknown): Access {
  if (value === "read" || value === "write" || value === "exec") return value;
  throw new Error(`walk-64 adapter: input access must be "read", "write" or "exec", got ${describe(value)}`);
}
