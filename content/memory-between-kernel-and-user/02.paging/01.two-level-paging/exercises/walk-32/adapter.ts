import type { FixtureWire } from "../../../../../../contract/exercise";
import { inputChecks, requireAnswerNumber, field } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import { logReads, pageOf, refuseWrites, translationOf, type WalkRead } from "../../../../../kit/walk-adapter";
import { PhysicalMemory, type Access, type Cpu32 } from "../../../../../../sim/learner-api";
import { readOnlyView } from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code: rebuilds the machine, calls translate(), and hands back plain
// data. Only sim/ and the kit's pure helpers are imported at run time.

export { MAX_LOGGED_READS, type WalkRead } from "../../../../../kit/walk-adapter";

/** A translation as plain data: the shape of Translation32, with whatever numbers the learner returned. */
export type WalkResult =
  { ok: true; pa: number; pageSize: number } | { ok: false; fault: "PF"; errorCode: number; cr2: number };

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

type Translate = (cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access) => unknown;

interface PreparedMachine {
  mem: PhysicalMemory;
  registers: WalkRegisters;
}

// walk-32's messages name a bigint by its digits alone.
const { describe, requireU32, requireBoolean, requireAccess, optional } = inputChecks("walk-32 adapter", {
  bigint: String,
});

/** Rebuilds physical memory from the wire and reads the registers (cr0, cr3, cr4 numbers; ac, user booleans). */
function prepare(fixture: FixtureWire): PreparedMachine {
  const mem = PhysicalMemory.fromWire({ frames: fixture.frames, bytes: fixture.bytes });
  const meta = fixture.meta;
  return {
    mem,
    registers: {
      cr0: requireU32(meta.cr0, "fixture cr0"),
      cr3: requireU32(meta.cr3, "fixture cr3"),
      cr4: requireU32(meta.cr4, "fixture cr4"),
      ac: optional(meta.ac, requireBoolean, "fixture ac") ?? false,
      user: optional(meta.user, requireBoolean, "fixture user") ?? false,
      implicit: false,
    },
  };
}

/**
 * Calls the learner's translate(cpu, mem, va, access) for one case ({ va, access } plus optional register
 * overrides) and copies the answer out field by field: the learner's object never leaves the sandbox as is.
 * Throws a learner-readable Error when the answer does not have the shape of a Translation32.
 */
function call(translate: Translate, prepared: PreparedMachine, input: Record<string, unknown>): WalkAnswer {
  const base = prepared.registers;
  const cpu: Cpu32 = {
    cr0: optional(input.cr0, requireU32, "input cr0") ?? base.cr0,
    cr3: optional(input.cr3, requireU32, "input cr3") ?? base.cr3,
    cr4: optional(input.cr4, requireU32, "input cr4") ?? base.cr4,
    ac: optional(input.ac, requireBoolean, "input ac") ?? base.ac,
    user: optional(input.user, requireBoolean, "input user") ?? base.user,
    implicit: optional(input.implicit, requireBoolean, "input implicit") ?? base.implicit,
  };
  const va = requireU32(input.va, "input va");
  const access = requireAccess(input.access);
  const reads: WalkRead[] = [];
  const mem = readOnlyView(
    prepared.mem,
    refuseWrites("translate", "this exercise does not set A/D bits"),
    logReads(reads),
  );
  return { result: copyResult(translate(cpu, mem, va, access)), reads };
}

export const adapter = defineAdapter({ prepare, call });

const SHAPES = '{ ok: true, pa, pageSize } or { ok: false, fault: "PF", errorCode, cr2 }';

const wholeNumber = (value: unknown, name: string) => requireAnswerNumber(value, name, describe);

function copyResult(value: unknown): WalkResult {
  const { answer, ok } = translationOf(value, SHAPES, describe);
  if (ok) return pageOf(answer, wholeNumber);
  const fault = field(answer, "fault");
  if (fault !== "PF") throw new Error(`a failed translation needs fault: "PF", got fault: ${describe(fault)}`);
  return {
    ok: false,
    fault: "PF",
    errorCode: wholeNumber(field(answer, "errorCode"), "errorCode"),
    cr2: wholeNumber(field(answer, "cr2"), "cr2"),
  };
}
