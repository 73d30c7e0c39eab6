import type { Reference, Isolate, Context, ExternalCopy } from "ivm-node20";
import { z } from "zod";
import type { CheckGroup } from "../../contract/exercise";
import type { Ivm } from "../ivm/load-ivm";
import { ConsoleBuffer } from "./console-buffer";
import { ANSWER_LIMITS, HARNESS_SOURCE } from "./harness-source";
import type { Sabotage } from "./sabotage";

// One learner submission's isolate: fresh Isolate + Context, the harness, the sandbox runtime, then the
// learner's module. The host talks to it only through References to the harness's own functions, with copied
// plain data in and a JSON string out; no host object is ever handed in (except under sabotage, in tests).
//
// Every call into the isolate is SYNCHRONOUS (runSync/applySync, each with its timeout): isolated-vm runs async
// calls on pool threads with 8 MB stacks, where unbounded recursion goes ~95,000 frames deep and each stack
// overflow costs ~30 ms, so a check of 20 overflowing cases could meet its time limit before its RangeError
// (docs/decisions/0021-grader-throughput-and-node-24.md). Sync calls run on the worker's main thread with V8's
// usual ~1 MB stack. The host timer below still disposes the isolate between calls once the wall limit passes;
// within a call, its timeout (never more than the wall time left) stops it.

export interface SandboxOptions {
  ivm: Ivm;
  memoryMb: number;
  consoleBytes: number;
  /** After this long the isolate is disposed from the host, whatever it is doing. */
  wallTimeMs: number;
  /** The exercise's IIFE: sim's learner API + adapter; it calls globalThis.__pagewise_register. */
  runtimeSource: string;
  sabotage: Sabotage;
}

/** Why a call into the isolate ended without an answer. */
export type SandboxFailure =
  | { kind: "timeout" }
  | { kind: "memory_limit" }
  | { kind: "wall_limit" }
  | { kind: "crashed"; message: string };

/** Where in the code the isolate ran (1-based line, column) a learner error was thrown. */
export type Position = readonly [number, number];

export type LoadOutcome =
  | { ok: true }
  | { ok: false; kind: "threw" | "no_entry"; message: string; at?: Position }
  | { ok: false; kind: "failure"; failure: SandboxFailure };

/** The module wrapper the learner's CommonJS code runs in; it shifts columns on the code's first line. */
export const MODULE_WRAPPER_PREFIX = "(function (module, exports, require) {";
const positionSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);

export type GroupRun = { ok: true; json: string } | { ok: false; failure: SandboxFailure; caseIndex: number };

interface HarnessApi {
  load: (entry: string) => unknown;
  runGroup: (group: unknown) => unknown;
  progress: () => unknown;
  loadErrorAt: () => unknown;
}
type HarnessSetup = (sink: unknown, consoleChars: number, caseChars: number, groupChars: number, errorChars: number) => HarnessApi;

interface HarnessRefs {
  load: Reference<HarnessApi["load"]>;
  runGroup: Reference<HarnessApi["runGroup"]>;
  progress: Reference<HarnessApi["progress"]>;
  loadErrorAt: Reference<HarnessApi["loadErrorAt"]>;
}

// V8 code cache for the harness and each exercise's runtime: compiled once per worker process, then every fresh
// isolate compiles from the cache. It is produced from our own sources before any learner code exists, and V8
// rejects data that does not match the source (then it is produced again).
const codeCache = new Map<string, ExternalCopy<ArrayBuffer>>();

function compileCached(ivm: Ivm, isolate: Isolate, source: string, filename: string) {
  const cached = codeCache.get(source);
  const script = isolate.compileScriptSync(source, cached ? { filename, cachedData: cached } : { filename, produceCachedData: true });
  // isolated-vm sets these on the Script at run time; its typings do not declare them.
  if (cached && "cachedDataRejected" in script && script.cachedDataRejected === true) {
    codeCache.delete(source);
    return isolate.compileScriptSync(source, { filename });
  }
  const produced: unknown = "cachedData" in script ? script.cachedData : undefined;
  if (!cached && produced instanceof ivm.ExternalCopy) codeCache.set(source, produced);
  return script;
}

// Only for the reuseContext sabotage: the one shared sandbox that a correct grader must never have.
let reusedSandbox: Sandbox | null = null;

export class Sandbox {
  private wallKilled = false;
  private readonly wallTimer: NodeJS.Timeout;

  private constructor(
    private readonly ivm: Ivm,
    private readonly isolate: Isolate,
    private readonly context: Context,
    private readonly harness: HarnessRefs,
    readonly consoleBuffer: ConsoleBuffer,
    wallTimeMs: number,
    private readonly isShared: boolean,
  ) {
    this.wallTimer = setTimeout(() => {
      this.wallKilled = true;
      if (!this.isolate.isDisposed) this.isolate.dispose();
    }, wallTimeMs);
  }

  /** Opens a fresh isolate with the harness and the runtime loaded; throws only for grader faults. */
  static open(options: SandboxOptions): Sandbox {
    if (options.sabotage.reuseContext && reusedSandbox && !reusedSandbox.isolate.isDisposed) return reusedSandbox;
    const { ivm } = options;
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryMb });
    try {
      const context = isolate.createContextSync();
      const consoleBuffer = new ConsoleBuffer(options.consoleBytes);
      const sink = new ivm.Callback((text: unknown, isCut: unknown) => {
        if (isCut === true) consoleBuffer.markTruncated();
        else consoleBuffer.append(text);
      });
      const setupScript = compileCached(ivm, isolate, HARNESS_SOURCE, "pagewise-harness.js");
      const setup: Reference<HarnessSetup> = setupScript.runSync(context, { reference: true, timeout: 1000 });
      // Console budget in characters inside the isolate: the host's byte cap still applies on top.
      const api = setup.applySync(
        undefined,
        [sink, options.consoleBytes, ANSWER_LIMITS.caseChars, ANSWER_LIMITS.groupChars, ANSWER_LIMITS.errorChars],
        { result: { reference: true }, timeout: 1000 },
      );
      const harness: HarnessRefs = {
        load: api.getSync("load", { reference: true }),
        runGroup: api.getSync("runGroup", { reference: true }),
        progress: api.getSync("progress", { reference: true }),
        loadErrorAt: api.getSync("loadErrorAt", { reference: true }),
      };
      compileCached(ivm, isolate, options.runtimeSource, "pagewise-runtime.js").runSync(context, { timeout: 2000 });
      if (options.sabotage.leakProcess) context.global.setSync("process", new ivm.Reference(process));
      const sandbox = new Sandbox(ivm, isolate, context, harness, consoleBuffer, options.wallTimeMs, options.sabotage.reuseContext === true);
      if (options.sabotage.reuseContext) reusedSandbox = sandbox;
      return sandbox;
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  /** Compiles and runs the learner's CommonJS module and finds its entry function. */
  load(cjsCode: string, entry: string, timeoutMs: number): LoadOutcome {
    try {
      // The code is esbuild's output of a module that parsed, so it cannot close this wrapper early.
      const wrapped = `${MODULE_WRAPPER_PREFIX}${cjsCode}\n})`;
      const script = this.isolate.compileScriptSync(wrapped, { filename: "submission.js" });
      const factory = script.runSync(this.context, { reference: true, timeout: timeoutMs });
      this.context.global.setSync("__pw_factory", factory.derefInto());
      const verdict = this.harness.load.applySync(undefined, [entry], { timeout: timeoutMs });
      if (typeof verdict !== "string" || verdict.length === 0) return { ok: false, kind: "failure", failure: { kind: "crashed", message: "the harness gave no verdict" } };
      if (verdict === "K") return { ok: true };
      if (verdict.startsWith("N")) return { ok: false, kind: "no_entry", message: verdict.slice(1) };
      const at = this.loadErrorPosition();
      return { ok: false, kind: "threw", message: verdict.slice(1), ...(at ? { at } : {}) };
    } catch (error) {
      return { ok: false, kind: "failure", failure: this.classify(error) };
    }
  }

  /** Runs every case of `group` (copied in, never referenced) and returns the answers as one JSON string. */
  runGroup(group: CheckGroup, timeoutMs: number, extra?: { expected: unknown }): GroupRun {
    try {
      if (extra) this.context.global.setSync("__expected", new this.ivm.ExternalCopy(extra.expected).copyInto({ release: true }));
      const plain = { fixtures: group.fixtures, cases: group.cases };
      const copy = new this.ivm.ExternalCopy(plain).copyInto({ release: true });
      const json = this.harness.runGroup.applySync(undefined, [copy], { timeout: timeoutMs });
      if (typeof json !== "string") return { ok: false, failure: { kind: "crashed", message: "the harness returned no answers" }, caseIndex: -1 };
      return { ok: true, json };
    } catch (error) {
      const failure = this.classify(error);
      return { ok: false, failure, caseIndex: this.progressAfterFailure(failure) };
    }
  }

  /** CPU time the isolate has used so far, in milliseconds (0 once disposed). */
  cpuMs(): number {
    return this.isolate.isDisposed ? 0 : Number(this.isolate.cpuTime) / 1e6;
  }

  /** Whether the isolate can still run code (false after a memory-limit or wall-limit kill). */
  isAlive(): boolean {
    return !this.isolate.isDisposed;
  }

  /** Releases the isolate and its memory now; safe to call twice. */
  dispose(): void {
    clearTimeout(this.wallTimer);
    if (this.isShared) return;
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private loadErrorPosition(): Position | undefined {
    try {
      const raw = this.harness.loadErrorAt.applySync(undefined, [], { timeout: 100 });
      const parsed = typeof raw === "string" ? positionSchema.safeParse(JSON.parse(raw)) : null;
      return parsed?.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private progressAfterFailure(failure: SandboxFailure): number {
    if (failure.kind !== "timeout" || this.isolate.isDisposed) return -1;
    try {
      const index = this.harness.progress.applySync(undefined, [], { timeout: 100 });
      return typeof index === "number" ? index : -1;
    } catch {
      return -1;
    }
  }

  private classify(error: unknown): SandboxFailure {
    const message = error instanceof Error ? error.message : String(error);
    if (this.isolate.isDisposed) {
      if (this.wallKilled) return { kind: "wall_limit" };
      if (/memory limit/i.test(message)) return { kind: "memory_limit" };
      return { kind: "crashed", message };
    }
    if (/timed out/i.test(message)) return { kind: "timeout" };
    if (/Array buffer allocation failed/.test(message)) return { kind: "memory_limit" };
    return { kind: "crashed", message };
  }
}
