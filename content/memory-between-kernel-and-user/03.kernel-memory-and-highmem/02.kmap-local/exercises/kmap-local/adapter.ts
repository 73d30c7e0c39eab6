import type { ExerciseAdapter, FixtureWire } from "../../../../../../contract/exercise";
import { KMAP_LOCAL_RULES, type KmapLocalRule, type KmapMachine } from "../../../../../../sim/learner-api";

// Runs in the sandbox beside the learner's code: builds a fresh emulator with the learner's createKmapLocal(machine)
// for every case, plays the case's operations on it in order, and copies each answer out as plain data (throwing a
// learner-readable Error for a malformed one). Only sim/ is imported at run time (the kit import is types only).

/** One operation of a case: kmap_local_page(page) or kunmap_local(addr) on a CPU. */
export type KmapOp = { op: "map"; cpu: number; pfn: number } | { op: "unmap"; cpu: number; addr: number };

/** What one operation answered: a mapping's address, a plain ok for an unmap, or the rule that refused it. */
export type OpAnswer = { ok: true; addr: number } | { ok: true } | { ok: false; rule: KmapLocalRule };

/** A case's answer: one entry per operation, in order. */
export interface KmapAnswer {
  results: OpAnswer[];
}

/** The learner's emulator, as createKmapLocal returns it. */
interface Emulator {
  kmapLocalPage(cpu: number, pfn: number): unknown;
  kunmapLocal(cpu: number, addr: number): unknown;
}
type CreateKmapLocal = (machine: KmapMachine) => unknown;

class Prepared {}

/** Cases carry their own machine and operations, so a fixture holds nothing. */
function prepare(_fixture: FixtureWire): Prepared {
  return new Prepared();
}

/**
 * Calls createKmapLocal(machine) with a fresh machine object, then every operation of the case ({ machine, ops })
 * in order, and returns the answers. Throws a learner-readable Error for an emulator or an answer of the wrong shape.
 */
function call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): KmapAnswer {
  if (!(prepared instanceof Prepared)) throw new Error("kmap-local adapter: call() needs what prepare() returned");
  const machine = toMachine(input.machine);
  const ops = toOps(input.ops);
  // The kit types every entry as (...args: never[]) => unknown; this one is the learner's createKmapLocal().
  const create = entry as unknown as CreateKmapLocal;
  const emulator = toEmulator(create({ ...machine }));
  const results = ops.map((op, i): OpAnswer => {
    const returned = op.op === "map" ? emulator.kmapLocalPage(op.cpu, op.pfn) : emulator.kunmapLocal(op.cpu, op.addr);
    return toAnswer(returned, op, i);
  });
  return { results };
}

export const adapter: ExerciseAdapter = { prepare, call };

function toEmulator(value: unknown): Emulator {
  if (isPromise(value)) throw new Error("createKmapLocal returned a Promise; make it a plain (not async) function");
  if (typeof value !== "object" || value === null) {
    throw new Error(`createKmapLocal returned ${describe(value)}; return an object with kmapLocalPage and kunmapLocal`);
  }
  const { kmapLocalPage, kunmapLocal } = value as Record<string, unknown>;
  if (typeof kmapLocalPage !== "function" || typeof kunmapLocal !== "function") {
    throw new Error(
      "createKmapLocal must return an object with two methods, kmapLocalPage(cpu, pfn) and kunmapLocal(cpu, addr)",
    );
  }
  return {
    kmapLocalPage: (cpu, pfn) => kmapLocalPage.call(value, cpu, pfn) as unknown,
    kunmapLocal: (cpu, addr) => kunmapLocal.call(value, cpu, addr) as unknown,
  };
}

/** An operation's answer as plain data, or why it is not one. */
function toAnswer(value: unknown, op: KmapOp, index: number): OpAnswer {
  const what = `operation ${index + 1}, ${op.op === "map" ? `kmapLocalPage(${op.cpu}, 0x${op.pfn.toString(16)})` : `kunmapLocal(${op.cpu}, 0x${op.addr.toString(16)})`}`;
  if (isPromise(value)) throw new Error(`${what} returned a Promise; return the result directly`);
  if (typeof value !== "object" || value === null) {
    throw new Error(
      `${what} returned ${describe(value)}; return { ok: true${op.op === "map" ? ", addr" : ""} } or { ok: false, rule }`,
    );
  }
  const answer = value as Record<string, unknown>;
  if (answer.ok === false) {
    const rule = answer.rule;
    if (typeof rule !== "string" || !(KMAP_LOCAL_RULES as readonly string[]).includes(rule)) {
      throw new Error(
        `${what} returned rule ${describe(rule)}; use one of ${KMAP_LOCAL_RULES.map((r) => `"${r}"`).join(", ")}`,
      );
    }
    return { ok: false, rule: rule as KmapLocalRule };
  }
  if (answer.ok !== true) throw new Error(`${what} returned ok = ${describe(answer.ok)}; ok must be true or false`);
  if (op.op === "unmap") return { ok: true };
  const addr = answer.addr;
  if (typeof addr !== "number" || !Number.isSafeInteger(addr)) {
    throw new Error(`${what} returned addr = ${describe(addr)}; it must be a whole number (a 32-bit address)`);
  }
  return { ok: true, addr };
}

/** Parses a case's machine (throws for a malformed one: an exercise bug, not the learner's). */
export function toMachine(value: unknown): KmapMachine {
  if (typeof value !== "object" || value === null)
    throw new Error("kmap-local adapter: input machine must be an object");
  const wire = value as Record<string, unknown>;
  const field = (name: keyof KmapMachine): number => {
    const v = wire[name];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new Error(`kmap-local adapter: machine ${name} must be a non-negative integer, got ${describe(v)}`);
    }
    return v;
  };
  return {
    pageOffset: field("pageOffset"),
    maxLowPfn: field("maxLowPfn"),
    maxPfn: field("maxPfn"),
    fixaddrTop: field("fixaddrTop"),
    fixKmapBegin: field("fixKmapBegin"),
    nrCpus: field("nrCpus"),
    kmMaxIdx: field("kmMaxIdx"),
  };
}

/** Parses a case's operations (throws for malformed ones: an exercise bug). */
export function toOps(value: unknown): KmapOp[] {
  if (!Array.isArray(value)) throw new Error("kmap-local adapter: input ops must be an array");
  return value.map((raw: unknown): KmapOp => {
    const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const n = (name: string): number => {
      const v = o[name];
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
        throw new Error(`kmap-local adapter: op ${name} must be a whole number`);
      return v;
    };
    if (o.op === "map") return { op: "map", cpu: n("cpu"), pfn: n("pfn") };
    if (o.op === "unmap") return { op: "unmap", cpu: n("cpu"), addr: n("addr") };
    throw new Error(`kmap-local adapter: op must be "map" or "unmap", got ${describe(o.op)}`);
  });
}

function isPromise(value: unknown): boolean {
  return typeof value === "object" && value !== null && "then" in value && typeof value.then === "function";
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n (a bigint; return a number)`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}
