import type { Reference, Isolate, Context } from "ivm-node20";
import type { CheckGroup } from "../../content/kit/exercise";
import type { Ivm } from "../ivm/load-ivm";
import { ConsoleBuffer } from "./console-buffer";
import { ANSWER_LIMITS, HARNESS_SOURCE } from "./harness-source";
import type { Sabotage } from "./sabotage";

// One learner submission's isolate: fresh Isolate + Context, the harness, the sandbox runtime, then the
// learner's module. The host talks to it only through References to the harness's own functions, with copied
// plain data in and a JSON string out; no host object is ever handed in (except under sabotage, in tests).

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

export type LoadOutcome = { ok: true } | { ok: false; kind: "threw" | "no_entry"; message: string } | { ok: false; kind: "failure"; failure: SandboxFailure };

export type GroupRun = { ok: true; json: string } | { ok: false; failure: SandboxFailure; caseIndex: number };

interface HarnessApi {
  load: (entry: string) => unknown;
  runGroup: (group: unknown) => unknown;
  progress: () => unknown;
}
type HarnessSetup = (sink: unknown, consoleChars: number, caseChars: number, groupChars: number, errorChars: number) => HarnessApi;

interface HarnessRefs {
  load: Reference<HarnessApi["load"]>;
  runGroup: Reference<HarnessApi["runGroup"]>;
  progress: Reference<HarnessApi["progress"]>;
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
  static async open(options: SandboxOptions): Promise<Sandbox> {
    if (options.sabotage.reuseContext && reusedSandbox && !reusedSandbox.isolate.isDisposed) return reusedSandbox;
    const { ivm } = options;
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryMb });
    try {
      const context = await isolate.createContext();
      const consoleBuffer = new ConsoleBuffer(options.consoleBytes);
      const sink = new ivm.Callback((text: unknown, isCut: unknown) => {
        if (isCut === true) consoleBuffer.markTruncated();
        else consoleBuffer.append(text);
      });
      const setupScript = await isolate.compileScript(HARNESS_SOURCE, { filename: "pagewise-harness.js" });
      const setup: Reference<HarnessSetup> = await setupScript.run(context, { reference: true, timeout: 1000 });
      // Console budget in characters inside the isolate: the host's byte cap still applies on top.
      const api = await setup.apply(
        undefined,
        [sink, options.consoleBytes, ANSWER_LIMITS.caseChars, ANSWER_LIMITS.groupChars, ANSWER_LIMITS.errorChars],
        { result: { reference: true }, timeout: 1000 },
      );
      const harness: HarnessRefs = {
        load: await api.get("load", { reference: true }),
        runGroup: await api.get("runGroup", { reference: true }),
        progress: await api.get("progress", { reference: true }),
      };
      const runtime = await isolate.compileScript(options.runtimeSource, { filename: "pagewise-runtime.js" });
      await runtime.run(context, { timeout: 2000 });
      if (options.sabotage.leakProcess) await context.global.set("process", new ivm.Reference(process));
      const sandbox = new Sandbox(ivm, isolate, context, harness, consoleBuffer, options.wallTimeMs, options.sabotage.reuseContext === true);
      if (options.sabotage.reuseContext) reusedSandbox = sandbox;
      return sandbox;
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  /** Compiles and runs the learner's CommonJS module and finds its entry function. */
  async load(cjsCode: string, entry: string, timeoutMs: number): Promise<LoadOutcome> {
    try {
      // The code is esbuild's output of a module that parsed, so it cannot close this wrapper early.
      const wrapped = `(function (module, exports, require) {${cjsCode}\n})`;
      const script = await this.isolate.compileScript(wrapped, { filename: "submission.js" });
      const factory = await script.run(this.context, { reference: true, timeout: timeoutMs });
      await this.context.global.set("__pw_factory", factory.derefInto());
      const verdict = await this.harness.load.apply(undefined, [entry], { timeout: timeoutMs });
      if (typeof verdict !== "string" || verdict.length === 0) return { ok: false, kind: "failure", failure: { kind: "crashed", message: "the harness gave no verdict" } };
      if (verdict === "K") return { ok: true };
      return { ok: false, kind: verdict.startsWith("N") ? "no_entry" : "threw", message: verdict.slice(1) };
    } catch (error) {
      return { ok: false, kind: "failure", failure: this.classify(error) };
    }
  }

  /** Runs every case of `group` (copied in, never referenced) and returns the answers as one JSON string. */
  async runGroup(group: CheckGroup, timeoutMs: number, extra?: { expected: unknown }): Promise<GroupRun> {
    try {
      if (extra) await this.context.global.set("__expected", new this.ivm.ExternalCopy(extra.expected).copyInto({ release: true }));
      const plain = { fixtures: group.fixtures, cases: group.cases };
      const copy = new this.ivm.ExternalCopy(plain).copyInto({ release: true });
      const json = await this.harness.runGroup.apply(undefined, [copy], { timeout: timeoutMs });
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
