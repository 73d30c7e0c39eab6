import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";
import { PhysicalMemory, type Access, type Cpu32 } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the machine, calls translate(), and hands back plain
// data. Only sim/ is imported at run time (the kit import is types only and vanishes when bundled).

/** A translation as plain data: the shape of Translation32, with whatever numbers the learner returned. */
export type WalkResult =
  { ok: true; pa: number; pageSize: number } | { ok: false; fault: "PF"; errorCode: number; cr2: number };

/** One memory read the learner's walk made; `value` is 0x-hex (64-bit reads would not fit a number). */
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

/** The registers a case may set; those it leaves out come from the fixture's meta. */
export interface WalkRegisters {
  cr0: number;
  cr3: number;
  cr4: number;
  ac: boolean;
  user: boolean;
  implicit: boolean;
}

export const MAX_LOGGED_READS = 16;

type Translate = (cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access) => unknown;

class PreparedMachine {
  constructor(
    readonly mem: PhysicalMemory,
    readonly registers: WalkRegisters,
  ) {}
}

/** Rebuilds physical memory from the wire and reads the registers (cr0, cr3, cr4 numbers; ac, user booleans). */
function prepare(fixture: FixtureWire): PreparedMachine {
  const mem = PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes });
  const meta = fixture.meta;
  return new PreparedMachine(mem, {
    cr0: requireU32(meta.cr0, "fixture cr0"),
    cr3: requireU32(meta.cr3, "fixture cr3"),
    cr4: requireU32(meta.cr4, "fixture cr4"),
    ac: optionalBoolean(meta.ac, "fixture ac") ?? false,
    user: optionalBoolean(meta.user, "fixture user") ?? false,
    implicit: false,
  });
}

/**
 * Calls the learner's translate(cpu, mem, va, access) for one case ({ va, access } plus optional register
 * overrides) and copies the answer out field by field: the learner's object never leaves the sandbox as is.
 * Throws a learner-readable Error when the answer does not have the shape of a Translation32.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): WalkAnswer {
  if (!(prepared instanceof PreparedMachine)) throw new Error("walk-32 adapter: call() needs what prepare() returned");
  const base = prepared.registers;
  const cpu: Cpu32 = {
    cr0: optionalU32(input.cr0, "input cr0") ?? base.cr0,
    cr3: optionalU32(input.cr3, "input cr3") ?? base.cr3,
    cr4: optionalU32(input.cr4, "input cr4") ?? base.cr4,
    ac: optionalBoolean(input.ac, "input ac") ?? base.ac,
    user: optionalBoolean(input.user, "input user") ?? base.user,
    implicit: optionalBoolean(input.implicit, "input implicit") ?? base.implicit,
  };
  const va = requireU32(input.va, "input va");
  const access = requireAccess(input.access);
  const reads: WalkRead[] = [];
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's translate().
  const translate = entry as unknown as Translate;
  const returned = translate(cpu, loggingMemory(prepared.mem, reads), va, access);
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

const SHAPES = '{ ok: true, pa, pageSize } or { ok: false, fault: "PF", errorCode, cr2 }';

function copyResult(value: unknown): WalkResult {
  if (typeof value !== "object" || value === null) {
    throw new Error(`translate returned ${describe(value)}; return ${SHAPES}`);
  }
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
  if (ok === false) {
    const fault = "fault" in value ? value.fault : undefined;
    if (fault !== "PF") throw new Error(`a failed translation needs fault: "PF", got fault: ${describe(fault)}`);
    return {
      ok: false,
      fault: "PF",
      errorCode: requireWholeNumber("errorCode" in value ? value.errorCode : undefined, "errorCode"),
      cr2: requireWholeNumber("cr2" in value ? value.cr2 : undefined, "cr2"),
    };
  }
  throw new Error(`translate returned an object whose ok is ${describe(ok)}; return ${SHAPES}`);
}

function requireWholeNumber(value: unknown, field: string): number {
  if (typeof value === "bigint") throw new Error(`${field} must be a number, not a bigint (${value}n)`);
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`${field} must be a whole number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

function requireU32(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new Error(`walk-32 adapter: ${what} must be an unsigned 32-bit number, got ${describe(value)}`);
  }
  return value;
}

function optionalU32(value: unknown, what: string): number | undefined {
  return value === undefined ? undefined : requireU32(value, what);
}

function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new Error(`walk-32 adapter: ${what} must be a boolean, got ${describe(value)}`);
}

function requireAccess(value: unknown): Access {
  if (value === "read" || value === "write" || value === "exec") return value;
  throw new Error(`walk-32 adapter: input access must be "read", "write" or "exec", got ${describe(value)}`);
}
