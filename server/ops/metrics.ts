import client from "prom-client";
import type { PrismaClient } from "../../generated/prisma/client";
import type { GradingNode } from "../grading/grading-node";
import { liveGraderHosts } from "../grading/hosts";
import type { GradingObserver } from "./grading-observer";

/** Submit-to-result latencies, in seconds: from a fast walk to a submission that waited behind a flood. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * One process's Prometheus metrics (prom-client), the same on web servers (/api/metrics) and grader hosts
 * (their own port): queue depth, jobs running here, the submit-to-result latency by exercise, results by
 * status, worker restarts, grader hosts alive, and Node's own process metrics. Gauges that read the database or
 * the queue are computed when scraped, not on a timer.
 */
export class ProcessMetrics {
  readonly registry = new client.Registry();
  private node: GradingNode | null = null;
  private db: PrismaClient | null = null;
  private restartsCounted = 0;

  private readonly results = new client.Counter({
    name: "pagewise_grading_results_total",
    help: "Results stored by this process, by the grader's verdict (internal_error: the platform failed)",
    labelNames: ["status"],
    registers: [this.registry],
  });
  private readonly latency = new client.Histogram({
    name: "pagewise_grading_job_seconds",
    help: "Seconds from a submission's acceptance to its stored result, by exercise",
    labelNames: ["exercise"],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly duplicates = new client.Counter({
    name: "pagewise_grading_duplicate_deliveries_total",
    help: "Deliveries of a job whose submission was already final (nothing stored; at-least-once delivery at work)",
    registers: [this.registry],
  });
  private readonly platformFailures = new client.Counter({
    name: "pagewise_grading_platform_failures_total",
    help: "Submissions failed as the platform's fault: out of deliveries, or dead-lettered by the queue",
    registers: [this.registry],
  });

  readonly observer: GradingObserver = {
    resultStored: (exerciseId, status, seconds) => {
      this.results.inc({ status });
      this.latency.observe({ exercise: exerciseId }, seconds);
    },
    duplicateDropped: () => this.duplicates.inc(),
    platformFailure: () => this.platformFailures.inc(),
  };

  private readonly queueDepth: client.Gauge = new client.Gauge({
    name: "pagewise_grading_queue_depth",
    help: "Submissions waiting for a grader (the whole queue, not only this process's)",
    registers: [this.registry],
    collect: async () => {
      if (this.node) this.queueDepth.set(await this.node.queue.depth());
    },
  });
  private readonly jobsRunning: client.Gauge = new client.Gauge({
    name: "pagewise_grading_jobs_running",
    help: "Submissions being graded by this process",
    registers: [this.registry],
    collect: () => this.jobsRunning.set(this.node?.queue.running ?? 0),
  });
  private readonly hostsAlive: client.Gauge = new client.Gauge({
    name: "pagewise_grader_hosts_alive",
    help: "Grading processes (grader hosts and grading web servers) whose heartbeat is less than a minute old",
    registers: [this.registry],
    collect: async () => {
      if (this.db) this.hostsAlive.set(await liveGraderHosts(this.db));
    },
  });
  private readonly workerRestarts: client.Counter = new client.Counter({
    name: "pagewise_grader_worker_restarts_total",
    help: "Sandboxed worker processes of this process replaced after they died, hung or were killed",
    registers: [this.registry],
    collect: () => {
      const replaced = this.node?.pool?.stats().workersReplaced ?? 0;
      if (replaced > this.restartsCounted) this.workerRestarts.inc(replaced - this.restartsCounted);
      this.restartsCounted = replaced;
    },
  });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: "pagewise_" });
  }

  /** Starts reporting on this process's grading node and the database its gauges read. */
  watch(node: GradingNode, db: PrismaClient): void {
    this.node = node;
    this.db = db;
  }

  /** The text exposition format, for a scrape. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

// One per process; on globalThis because Next re-evaluates modules in development and a metric name may be
// registered only once per registry.
const holder = globalThis as { pagewiseMetrics?: ProcessMetrics };

export function processMetrics(): ProcessMetrics {
  holder.pagewiseMetrics ??= new ProcessMetrics();
  return holder.pagewiseMetrics;
}
