import { inputChecks, isPromiseLike, isRecord, isWholeNumber, refusePromise } from "../../../../../kit/adapter-values";
import { defineCaseAdapter } from "../../../../../kit/define-adapter";
import { KMAP_LOCAL_RULES, type KmapLocalRule, type KmapMachine } from "../../../../../../sim/learner-api";

// Runs in the sandbox beside the learner's code: builds a fresh emulator with the learner's createKmapLocal(machine)
// for every case, plays the case's operations on it in order, and copies each answer out as plain data (throwing a
// learner-readable Error for a malformed one). Only sim/ and the kit's pure helpers are imported at run time.

/**
 * One operation of a case: kmap_local_page(page) or kunmap_local(addr) by the task running on a CPU, or a context
 * switch that makes `task` the one running on `cpu`.
 */
export type KmapOp =
  | { op: "map"; cpu: number; pfn: number }
  | { op: "unmap"; cpu: number; addr: number }
  | { op: "switch"; cpu: number; task: number };

/** What one operation answered: a mapping's address, a plain ok (an unmap, a switch), or the rule that refused it. */
export type OpAnswer = { ok: true; addr: number } | { ok: true } | { ok: false; rule: KmapLocalRule };

/** A case's answer: one entry per operation, in order. */
export interface KmapAnswer {
  results: OpAnswer[];
}

/** The learner's emulator, as createKmapLocal returns it. */
interface Emulator {
  kmapLocalPage(cpu: number, pfn: number): unknown;
  kunmapLocal(cpu: number, addr: number): unknown;
  switchTo(cpu: number, task: number): unknown;
}
type CreateKmapLocal = (machine: KmapMachine) => unknown;

// kmap-local's messages tell a learner who returned a bigint to return a number.
const { describe, fail, requireInteger, requireObject } = inputChecks("kmap-local adapter", {
  bigint: (value) => `${value}n (a bigint; return a number)`,
});

/**
 * Calls createKmapLocal(machine) with a fresh machine object, then every operation of the case ({ machine, ops })
 * in order, and returns the answers. Throws a learner-readable Error for an emulator or an answer of the wrong shape.
 * Cases carry their own machine and operations.
 */
function call(create: CreateKmapLocal, input: Record<string, unknown>): KmapAnswer {
  const machine = toMachine(input.machine);
  const ops = toOps(input.ops);
  const emulator = toEmulator(create({ ...machine }));
  const results = ops.map((op, i): OpAnswer => {
    if (op.op === "switch") {
      // A context switch answers nothing; only a Promise (an async switchTo) is a mistake.
      if (isPromiseLike(emulator.switchTo(op.cpu, op.task))) {
        throw new Error(`${opName(op, i)} returned a Promise; switchTo returns nothing`);
      }
      return { ok: true };
    }
    const returned = op.op === "map" ? emulator.kmapLocalPage(op.cpu, op.pfn) : emulator.kunmapLocal(op.cpu, op.addr);
    return toAnswer(returned, op, i);
  });
  return { results };
}

export const adapter = defineCaseAdapter(call);

function toEmulator(value: unknown): Emulator {
  refusePromise(value, "createKmapLocal");
  if (!isRecord(value)) {
    throw new Error(
      `createKmapLocal returned ${describe(value)}; return an object with kmapLocalPage, kunmapLocal and switchTo`,
    );
  }
  const { kmapLocalPage, kunmapLocal, switchTo } = value;
  if (typeof kmapLocalPage !== "function" || typeof kunmapLocal !== "function" || typeof switchTo !== "function") {
    throw new Error(
      "createKmapLocal must return an object with three methods, kmapLocalPage(cpu, pfn), kunmapLocal(cpu, addr) and switchTo(cpu, task)",
    );
  }
  return {
    kmapLocalPage: (cpu, pfn) => kmapLocalPage.call(value, cpu, pfn) as unknown,
    kunmapLocal: (cpu, addr) => kunmapLocal.call(value, cpu, addr) as unknown,
    switchTo: (cpu, task) => switchTo.call(value, cpu, task) as unknown,
  };
}

/** "operation 3, kunmapLocal(0, 0xfffbb000)": an operation as the learner's code saw the call. */
function opName(op: KmapOp, index: number): string {
  const call =
    op.op === "map"
      ? `kmapLocalPage(${op.cpu}, 0x${op.pfn.toString(16)})`
      : op.op === "unmap"
        ? `kunmapLocal(${op.cpu}, 0x${op.addr.toString(16)})`
        : `switchTo(${op.cpu}, ${op.task})`;
  return `operation ${index + 1}, ${call}`;
}

/** An operation's answer as plain data, or why it is not one. */
function toAnswer(value: unknown, op: KmapOp, index: number): OpAnswer {
  const what = opName(op, index);
  if (isPromiseLike(value)) throw new Error(`${what} returned a Promise; return the result directly`);
  if (!isRecord(value)) {
    throw new Error(
      `${what} returned ${describe(value)}; return { ok: true${op.op === "map" ? ", addr" : ""} } or { ok: false, rule }`,
    );
  }
  if (value.ok === false) {
    const returned = value.rule;
    const rule = KMAP_LOCAL_RULES.find((r) => r === returned);
    if (rule === undefined) {
      throw new Error(
        `${what} returned rule ${describe(returned)}; use one of ${KMAP_LOCAL_RULES.map((r) => `"${r}"`).join(", ")}`,
      );
    }
    return { ok: false, rule };
  }
  if (value.ok !== true) throw new Error(`${what} returned ok = ${describe(value.ok)}; ok must be true or false`);
  if (op.op === "unmap") return { ok: true };
  const addr = value.addr;
  if (!isWholeNumber(addr)) {
    throw new Error(`${what} returned addr = ${describe(addr)}; it must be a whole number (a 32-bit address)`);
  }
  return { ok: true, addr };
}

/** Parses a case's machine (throws for a malformed one: an exercise bug, not the learner's). */
export function toMachine(value: unknown): KmapMachine {
  const wire = requireObject(value, "input machine");
  const field = (name: keyof KmapMachine): number =>
    requireInteger(wire[name], `machine ${name}`, "a non-negative integer");
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
    const o = isRecord(raw) ? raw : {};
    const n = (name: string): number => {
      const v = o[name];
      if (!isWholeNumber(v, 0)) throw new Error(`kmap-local adapter: op ${name} must be a whole number`);
      return v;
    };
    if (o.op === "map") return { op: "map", cpu: n("cpu"), pfn: n("pfn") };
    if (o.op === "unmap") return { op: "unmap", cpu: n("cpu"), addr: n("addr") };
    if (o.op === "switch") return { op: "switch", cpu: n("cpu"), task: n("task") };
    return fail("op", '"map", "unmap" or "switch"', o.op);
  });
}
