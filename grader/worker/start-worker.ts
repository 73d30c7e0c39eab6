import { GRADER_VERSION } from "../version";
import { requireIvm } from "../ivm/load-ivm";
import { gradeSubmission, type GradeInput } from "../pipeline/grade-submission";
import type { Sabotage } from "../pipeline/sabotage";
import { createRegistry, type ExerciseDefinition } from "../registry";
import { hostMessageSchema, type WorkerMessage } from "./ipc-messages";
import { runSelfTest } from "./self-test";

export interface WorkerOptions {
  definitions: Readonly<Record<string, ExerciseDefinition>>;
  /** The build's runtime folder (manifest.json + one IIFE per exercise). */
  runtimeDir: string;
  sabotage?: Sabotage;
  /** Only the sabotage tests turn this off, to show what the rest of the suite catches on its own. */
  selfTest?: boolean;
  /** After a job, a worker above this resident size exits cleanly and the pool starts a fresh one. */
  maxRssMb?: number;
}

/** Time the pipeline may need beyond the exercise's wall limit (transpile, reference answers, judging). */
const DEADLINE_MARGIN_MS = 1500;

/**
 * Runs this process as a grading worker: loads isolated-vm, runs the self-test (exits 1 with a message on
 * stderr if the sandbox lets a known attack through), then grades jobs from the parent one at a time, replying
 * with schema-valid results. Exits when the parent disconnects, so a dead web server leaves no orphans.
 */
export async function startWorker(options: WorkerOptions): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) fail("the grader worker must be started by child_process.fork (it talks to its parent over IPC)", 2);
  let ivm;
  try {
    ivm = requireIvm();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 1);
  }
  const sabotage = options.sabotage ?? {};
  let selfTestMs = 0;
  if (options.selfTest !== false) {
    const outcome = await runSelfTest(ivm.ivm, sabotage);
    if (!outcome.ok) fail(`self-test failed, refusing to start: ${outcome.message}`, 1);
    selfTestMs = outcome.ms;
  }
  const registry = createRegistry(options.definitions, options.runtimeDir);
  const maxRssBytes = (options.maxRssMb ?? 1536) * 1024 * 1024;
  const reply = (message: WorkerMessage, then?: () => void) => send(message, undefined, {}, () => then?.());

  let queue = Promise.resolve();
  const grade = async (jobId: number, input: GradeInput): Promise<void> => {
    const exercise = safeFind(registry, input.exerciseId);
    const deadlineMs = (exercise?.spec.settings.limits.wallTimeMs ?? 0) + DEADLINE_MARGIN_MS;
    reply({ type: "accepted", jobId, deadlineMs });
    const result = await gradeSubmission(input, { ivm: ivm.ivm, registry, sabotage });
    const isBloated = process.memoryUsage().rss > maxRssBytes;
    // A worker that grew past its budget (the isolates' memory is native and not always returned) is recycled.
    reply({ type: "result", jobId, result }, isBloated ? () => process.exit(0) : undefined);
  };
  process.on("message", (raw: unknown) => {
    const parsed = hostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`grader worker: ignored a malformed message: ${parsed.error.message.slice(0, 300)}\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === "shutdown") process.exit(0);
    queue = queue
      .then(() => grade(message.jobId, message.input))
      .catch((error: unknown) => {
        process.stderr.write(`grader worker: job ${message.jobId} failed to reply: ${String(error)}\n`);
      });
  });
  process.on("disconnect", () => process.exit(0));
  reply({
    type: "ready",
    graderVersion: GRADER_VERSION,
    node: process.versions.node,
    ivm: ivm.source,
    exercises: registry.ids(),
    selfTestMs,
  });
}

function safeFind(registry: ReturnType<typeof createRegistry>, id: string) {
  try {
    return registry.find(id);
  } catch {
    return null; // gradeSubmission reports the same fault as an internal_error result
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`grader worker: ${message}\n`);
  process.exit(code);
}
