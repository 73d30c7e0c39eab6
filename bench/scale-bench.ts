import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { baselineRoot } from "./baseline";
import { submitAndWait, type Seen } from "./scale/clients";
import { request } from "./scale/http";
import { startEmbedded, startScaleOut, type Cluster } from "./scale/cluster";
import { addCpu, cpuSnapshot, cpuSpent, type CpuSnapshot } from "./scale/cpu";
import { ROOT } from "./scale/processes";
import { onClients, percentile } from "./scale/stats";

// `npm run bench -- scale`: the queue under load and under faults, over HTTP, loopback only, bounded in count and
// time. PostgreSQL scale-out (2 web servers with GRADER_WORKERS=0, 2 grader hosts) beside the embedded default
// (SQLite, one web server grading), in the same run:
//   chaos: 400 submissions from 16 clients across the web servers while a grader host is killed -9 three times
//          and a web server once, each restarted as a supervisor would (embedded: its one web server, once);
//   clean: 300 submissions, no faults, in 3 rounds that the deployments take in turn;
//   flood: one learner queues 100 infinite loops, then another learner submits a correct solution.
// `-- scale --baseline=DIR` adds both deployments of another built checkout, for before/after in one run.
// Needs `npm run build` and a PostgreSQL role with CREATEDB in PAGEWISE_BENCH_POSTGRES_URL (or
// PAGEWISE_TEST_POSTGRES_URL, which `npm test` sets up).

const EXERCISE = "walk-32";
const SOLUTION = readFileSync(join(ROOT, "content/memory-between-kernel-and-user/02.paging/01.two-level-paging/exercises/walk-32/solution.ts"), "utf8");
const INFINITE_LOOP = "export function translate(): never { for (;;) {} }";
const CLIENTS = 16;
const CLEAN_SUBMISSIONS = 300;
/** The clean submissions of each deployment, in this many rounds taken in turn with the other deployments. */
const CLEAN_ROUNDS = 3;
const PHASE_LIMIT_MS = 240_000;
/** How long after its last client gives up a phase still waits for stragglers (a dead host is noticed in 10 s). */
const SETTLE_LIMIT_MS = 90_000;
/** How long the learner behind the flood waits at most before the bench reports "more than this". */
const FLOOD_LIMIT_MS = 240_000;

interface PhaseReport {
  /** CPU seconds each tier spent on the phase, or null where it cannot be read (and for chaos). */
  cpu: CpuSnapshot | null;
  accepted: number;
  final: number;
  lost: number;
  doubleGraded: number;
  redelivered: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

interface Report {
  label: string;
  engine: Cluster["engine"];
  faults: string;
  chaos: PhaseReport;
  clean: PhaseReport;
  floodWaitMs: number;
}

export async function run(): Promise<void> {
  const adminUrl = process.env.PAGEWISE_BENCH_POSTGRES_URL ?? process.env.PAGEWISE_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error("Set PAGEWISE_BENCH_POSTGRES_URL to a PostgreSQL role with CREATEDB (npm test sets up pagewise_ci; see scripts/lib.sh).");
  if (!existsSync(join(ROOT, ".next/BUILD_ID")) || !existsSync(join(ROOT, "generated/grader/worker.mjs"))) throw new Error("Run npm run build first.");

  const scaleOutOptions = { webs: 2, hosts: 2, hostConcurrency: 1, learners: CLIENTS + 2 };
  const embeddedOptions = { workers: 2, learners: CLIENTS + 2 };
  const deployments: Deployment[] = [
    { start: () => startScaleOut(adminUrl, scaleOutOptions), faults: SCALE_OUT_FAULTS, inject: scaleOutFaults },
    { start: () => startEmbedded(embeddedOptions), faults: EMBEDDED_FAULTS, inject: embeddedFaults },
  ];
  // --baseline=DIR: the same two deployments served by another checkout (built), e.g. the commit before a change.
  const root = baselineRoot();
  if (root) {
    if (!existsSync(join(root, ".next/BUILD_ID")) || !existsSync(join(root, "generated/grader/worker.mjs"))) throw new Error(`${root} has no build: run npm run build there first.`);
    const label = `baseline ${execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()}`;
    deployments.push(
      { start: () => startScaleOut(adminUrl, { ...scaleOutOptions, root, label }), faults: SCALE_OUT_FAULTS, inject: scaleOutFaults },
      { start: () => startEmbedded({ ...embeddedOptions, root, label }), faults: EMBEDDED_FAULTS, inject: embeddedFaults },
    );
  }
  print(await measureAll(deployments));
}

interface Deployment {
  start(): Promise<Cluster>;
  faults: string;
  inject: Faults;
}

const SCALE_OUT_FAULTS = "a grader host kill -9'd 3x, a web server 1x";
const EMBEDDED_FAULTS = "the web server kill -9'd 1x";

/**
 * Every deployment is up at once (idle ones cost a heartbeat every 2 s). Warm-up and chaos run one deployment at a
 * time, and a second warm-up follows chaos (it restarted processes, which would be cold in their first round). The
 * clean submissions run in rounds, the deployments taking turns, so a before/after comparison is not a comparison of
 * two moments of a shared machine (sequential runs of the same tree differed by up to 20%). The flood is last for
 * each deployment, which is closed right after it: its 100 infinite loops would keep grading.
 */
async function measureAll(deployments: Deployment[]): Promise<Report[]> {
  const clusters: Cluster[] = [];
  const closed = new Set<Cluster>();
  try {
    for (const deployment of deployments) clusters.push(await deployment.start());
    const chaos: PhaseReport[] = [];
    for (const [k, cluster] of clusters.entries()) {
      const deployment = deployments[k];
      if (!deployment) throw new Error("no deployment");
      console.log(`${cluster.label}: warming up`);
      await phase(cluster, 32, null);
      console.log(`${cluster.label}: chaos (${deployment.faults})`);
      // Chaos kills processes, and their CPU leaves the count with them: it is reported for the clean phase only.
      chaos.push({ ...summarize([await phase(cluster, 400, deployment.inject)]), cpu: null });
      // Chaos restarted processes: their first hundred submissions would pay for compiling everything again.
      await phase(cluster, 32, null);
    }
    const cleanRounds = clusters.map((): PhaseSamples[] => []);
    for (let round = 1; round <= CLEAN_ROUNDS; round++) {
      for (const [k, cluster] of clusters.entries()) {
        console.log(`${cluster.label}: clean, round ${round} of ${CLEAN_ROUNDS}`);
        cleanRounds[k]?.push(await phase(cluster, CLEAN_SUBMISSIONS / CLEAN_ROUNDS, null));
      }
    }
    const reports: Report[] = [];
    for (const [k, cluster] of clusters.entries()) {
      console.log(`${cluster.label}: flood`);
      const floodWaitMs = await flood(cluster);
      await cluster.close();
      closed.add(cluster);
      const chaosReport = chaos[k];
      if (!chaosReport) throw new Error("no chaos report");
      reports.push({ label: cluster.label, engine: cluster.engine, faults: deployments[k]?.faults ?? "", chaos: chaosReport, clean: summarize(cleanRounds[k] ?? []), floodWaitMs });
    }
    return reports;
  } finally {
    await Promise.all(clusters.filter((cluster) => !closed.has(cluster)).map((cluster) => cluster.close()));
  }
}

type Faults = (cluster: Cluster, acceptedSoFar: () => number, total: number) => Promise<void>;

/** Kills at fixed shares of the accepted submissions: host, host, web server, host. */
const scaleOutFaults: Faults = async (cluster, accepted, total) => {
  const plan: [number, () => Promise<void>][] = [
    [0.15, () => bounce(cluster.hosts[0])],
    [0.35, () => bounce(cluster.hosts[1])],
    [0.5, () => bounce(cluster.webs[1])],
    [0.65, () => bounce(cluster.hosts[0])],
  ];
  for (const [share, fault] of plan) {
    await until(() => accepted() >= share * total);
    await fault();
  }
};

const embeddedFaults: Faults = async (cluster, accepted, total) => {
  await until(() => accepted() >= 0.5 * total);
  await bounce(cluster.webs[0]);
};

async function bounce(process: Cluster["webs"][number] | undefined): Promise<void> {
  if (!process) throw new Error("no such process");
  await process.kill9();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await process.restart();
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** What one phase saw, before it is summarized (several rounds of the clean phase are summarized together). */
interface PhaseSamples {
  cpu: CpuSnapshot | null;
  accepted: number;
  final: number;
  doubleGraded: number;
  redelivered: number;
  seen: number;
  elapsedS: number;
  latencies: number[];
}

async function phase(cluster: Cluster, count: number, inject: Faults | null): Promise<PhaseSamples> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const acceptedIds: string[] = [];
  const cpuBefore = cpuSnapshot(cluster);
  const started = performance.now();
  const faults = inject?.(cluster, () => acceptedIds.length, count);
  const outcomes = await onClients(count, CLIENTS, async (i, client) => {
    const learner = cluster.learners[client];
    if (!learner) throw new Error("no learner");
    return submitAndWait(cluster.webs, i, learner, EXERCISE, SOLUTION, deadline, (id) => acceptedIds.push(id));
  });
  await faults;
  const seen = outcomes.flatMap((outcome) => (outcome.accepted && outcome.seen ? [outcome.seen] : []));
  const elapsedS = (Math.max(...seen.map((s) => s.finalAt)) - started) / 1000;
  // Taken before settling: the clients have seen every result, and settle's own reads are the bench's, not load.
  const cpu = cpuSpent(cpuBefore, cpuSnapshot(cluster));
  const rows = await settle(cluster, acceptedIds);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Double-graded: a result that changed after a client saw it final (a second result stored over the first).
  const doubleGraded = seen.filter((s) => {
    const row = byId.get(s.submissionId);
    return !row || row.finishedAt?.toISOString() !== s.finishedAt || row.score !== s.score || row.status !== s.status;
  }).length;
  const final = rows.filter((row) => row.status === "graded" || row.status === "failed").length;
  return {
    cpu,
    accepted: acceptedIds.length,
    final,
    doubleGraded,
    redelivered: rows.filter((row) => row.attempts > 1).length,
    seen: seen.length,
    elapsedS,
    latencies: seen.map((s: Seen) => s.finalAt - s.sentAt),
  };
}

/** Counts add up over rounds; throughput is all results over all the rounds' time; percentiles over every latency. */
function summarize(rounds: PhaseSamples[]): PhaseReport {
  const sum = (pick: (samples: PhaseSamples) => number) => rounds.reduce((total, samples) => total + pick(samples), 0);
  const latencies = rounds.flatMap((samples) => samples.latencies);
  const accepted = sum((r) => r.accepted);
  const final = sum((r) => r.final);
  return {
    cpu: addCpu(rounds.map((samples) => samples.cpu)),
    accepted,
    final,
    lost: accepted - final,
    doubleGraded: sum((r) => r.doubleGraded),
    redelivered: sum((r) => r.redelivered),
    throughput: sum((r) => r.seen) / sum((r) => r.elapsedS),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** Waits (bounded) until every accepted submission is final in the database; returns their rows. */
async function settle(cluster: Cluster, ids: string[]) {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (;;) {
    const rows = await cluster.db.submission.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, score: true, finishedAt: true, attempts: true } });
    const done = rows.filter((row) => row.status === "graded" || row.status === "failed").length === ids.length;
    if (done || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One learner queues 100 infinite loops; then another learner's correct submission: how long it waits. */
async function flood(cluster: Cluster): Promise<number> {
  const [flooder, other] = cluster.learners.slice(-2);
  if (!flooder || !other) throw new Error("the flood needs two learners of its own");
  const web = cluster.webs[0]?.url ?? "";
  const queued = await onClients(100, 8, async () => {
    const response = await request(`${web}/api/submissions`, {
      method: "POST",
      headers: { origin: web, cookie: flooder.cookie, "content-type": "application/json" },
      body: JSON.stringify({ exerciseId: EXERCISE, code: INFINITE_LOOP }),
    });
    return response.status;
  });
  if (queued.some((status) => status !== 202)) throw new Error(`the flood was not accepted: ${queued.filter((s) => s !== 202).length} refused`);
  const outcome = await submitAndWait(cluster.webs, 0, other, EXERCISE, SOLUTION, Date.now() + FLOOD_LIMIT_MS);
  // Not graded in time (a first-come-first-served queue behind 100 time limits): reported as more than the limit.
  return outcome.accepted && outcome.seen ? outcome.seen.finalAt - outcome.seen.sentAt : Number.POSITIVE_INFINITY;
}

function print(reports: Report[]): void {
  const columns = reports.map((report) => report.label);
  const line = (name: string, values: string[]) => console.log(`${name.padEnd(44)}${values.map((v) => v.padStart(14)).join("")}`);
  console.log("");
  reports.forEach((report, i) => console.log(`[${i + 1}] ${columns[i]}; faults: ${report.faults}`));
  line("", reports.map((_, i) => `[${i + 1}]`));
  for (const [title, pick] of [
    ["chaos (400 from 16 clients, with faults)", (r: Report) => r.chaos],
    [`clean (${CLEAN_SUBMISSIONS} from ${CLIENTS} clients, in ${CLEAN_ROUNDS} rounds taken in turn)`, (r: Report) => r.clean],
  ] as const) {
    console.log(title);
    line("  accepted", reports.map((r) => String(pick(r).accepted)));
    line("  final states", reports.map((r) => String(pick(r).final)));
    line("  lost (must be 0)", reports.map((r) => String(pick(r).lost)));
    line("  double-graded (must be 0)", reports.map((r) => String(pick(r).doubleGraded)));
    line("  delivered more than once", reports.map((r) => String(pick(r).redelivered)));
    line("  throughput, submissions/s (goal >= 100)", reports.map((r) => pick(r).throughput.toFixed(1)));
    line("  submit to result p50, ms", reports.map((r) => pick(r).p50Ms.toFixed(0)));
    line("  submit to result p99, ms", reports.map((r) => pick(r).p99Ms.toFixed(0)));
  }
  // Where the clean phase's CPU went, per submission: on one machine, throughput is this total.
  const perSubmission = (r: Report, pick: (cpu: CpuSnapshot) => number) => (r.clean.cpu ? ((pick(r.clean.cpu) * 1000) / r.clean.final).toFixed(1) : "n/a");
  console.log("CPU per clean submission, ms (web servers include their graders on SQLite)");
  line("  web servers", reports.map((r) => perSubmission(r, (cpu) => cpu.web)));
  line("  grader hosts", reports.map((r) => perSubmission(r, (cpu) => cpu.graders)));
  line("  PostgreSQL", reports.map((r) => (r.engine === "postgresql" ? perSubmission(r, (cpu) => cpu.postgres) : "-")));
  line("  the bench's clients", reports.map((r) => perSubmission(r, (cpu) => cpu.bench)));
  line("  all", reports.map((r) => perSubmission(r, (cpu) => cpu.web + cpu.graders + (r.engine === "postgresql" ? cpu.postgres : 0) + cpu.bench)));
  console.log("flood (100 infinite loops queued by one learner)");
  line("  another learner's wait, ms (goal <= 5000)", reports.map((r) => (Number.isFinite(r.floodWaitMs) ? r.floodWaitMs.toFixed(0) : `> ${FLOOD_LIMIT_MS}`)));
}
