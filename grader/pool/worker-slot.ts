import { fork, type ChildProcess } from "node:child_process";
import type { GradeResult } from "../../contract/grade-result";
import type { GradeInput } from "../pipeline/grade-submission";
import { workerMessageSchema, type HostMessage } from "../worker/ipc-messages";
import { workerEnvironment } from "./worker-env";

export interface SlotOptions {
  workerPath: string;
  execArgv: string[];
  /** PAGEWISE_GRADER_* switches for the worker; it never inherits the parent's environment (see worker-env.ts). */
  switches: Readonly<Record<string, string>>;
  /** How long a worker may take to pass its self-test and say ready. */
  startTimeoutMs: number;
  /** Added to the worker's own promised deadline before it is presumed hung and killed. */
  hangMarginMs: number;
}

export interface SlotEvents {
  onReady(slot: WorkerSlot): void;
  onResult(slot: WorkerSlot, jobId: number, result: GradeResult): void;
  /** The process is gone (exit, crash, kill -9, or killed by us for hanging); `reason` says which. */
  onGone(slot: WorkerSlot, reason: string): void;
}

const STDERR_TAIL_CHARS = 2000;

/**
 * Node flags every worker gets: isolated-vm requires --no-node-snapshot; a 32 MB semi-space cuts the scavenges
 * that generating fixtures and reference answers on the host triggers (~15% of a submission's mean host time,
 * measured in docs/decisions/0021-grader-throughput-and-node-24.md).
 */
const WORKER_NODE_FLAGS = ["--no-node-snapshot", "--max-semi-space-size=32"];

/**
 * One worker process and the job it is running. It enforces the worker's deadlines: not ready within the start
 * timeout, or no result within the deadline the worker promised plus a margin, and it is SIGKILLed. Every way the
 * process can end reaches `onGone` exactly once.
 */
export class WorkerSlot {
  readonly child: ChildProcess;
  isReady = false;
  job: { id: number; input: GradeInput } | null = null;
  exercises: string[] = [];
  private stderrTail = "";
  private timer: NodeJS.Timeout | null = null;
  private isGone = false;
  private killReason: string | null = null;

  constructor(
    private readonly options: SlotOptions,
    private readonly events: SlotEvents,
  ) {
    // turbopackIgnore: Next's bundler must not try to trace the worker bundle (it fails the build otherwise).
    this.child = fork(/* turbopackIgnore: true */ options.workerPath, [], {
      execArgv: [...WORKER_NODE_FLAGS, ...options.execArgv],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      env: workerEnvironment(process.env, options.switches),
    });
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.child.on("message", (raw: unknown) => this.receive(raw));
    this.child.on("exit", (code, signal) => this.gone(this.killReason ?? `worker exited (${signal ? `signal ${signal}` : `code ${code}`})`));
    this.child.on("error", (error) => this.gone(`worker process error: ${error.message}`));
    this.arm(options.startTimeoutMs, `worker did not pass its self-test within ${options.startTimeoutMs} ms`);
  }

  /** The last lines the worker wrote to stderr (why it refused to start, usually). */
  lastError(): string {
    return this.stderrTail.trim().split("\n").slice(-3).join(" | ");
  }

  /** Up to the last 2000 characters the worker wrote to stderr. */
  stderrText(): string {
    return this.stderrTail;
  }

  /** Gives the slot a job; it is sent as soon as the worker is ready. */
  assign(id: number, input: GradeInput): void {
    this.job = { id, input };
    if (this.isReady) this.sendJob();
  }

  /** Asks the worker to exit; SIGKILLs it if it has not within `graceMs`. */
  stop(graceMs: number): void {
    if (this.isGone) return;
    this.send({ type: "shutdown" });
    setTimeout(() => this.kill("worker stopped by the pool"), graceMs).unref();
  }

  /** Kills the process now (SIGKILL); `onGone` follows with `reason`. */
  kill(reason: string): void {
    if (this.isGone) return;
    this.killReason ??= reason;
    this.child.kill("SIGKILL");
  }

  private sendJob(): void {
    if (!this.job) return;
    // Until the worker accepts the job (and names its deadline), allow it the start timeout.
    this.arm(this.options.startTimeoutMs, "worker did not accept its job");
    this.send({ type: "grade", jobId: this.job.id, input: this.job.input });
  }

  private receive(raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.kill(`worker sent a malformed message (${parsed.error.issues[0]?.message ?? "invalid"})`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "ready":
        this.isReady = true;
        this.exercises = message.exercises;
        this.disarm();
        this.events.onReady(this);
        if (this.job) this.sendJob();
        return;
      case "accepted":
        if (this.job?.id === message.jobId) this.arm(message.deadlineMs + this.options.hangMarginMs, `worker hung past the job's ${message.deadlineMs} ms deadline`);
        return;
      case "result":
        if (this.job?.id !== message.jobId) return;
        this.disarm();
        this.job = null;
        this.events.onResult(this, message.jobId, message.result);
    }
  }

  private send(message: HostMessage): void {
    if (this.isGone || !this.child.connected) return;
    try {
      this.child.send(message);
    } catch {
      this.kill("could not send to the worker");
    }
  }

  private arm(ms: number, reason: string): void {
    this.disarm();
    this.timer = setTimeout(() => this.kill(reason), ms);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private gone(reason: string): void {
    if (this.isGone) return;
    this.isGone = true;
    this.disarm();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    this.events.onGone(this, reason);
  }
}
