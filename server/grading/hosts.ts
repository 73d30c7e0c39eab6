import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { GRADER_VERSION } from "../../grader/version";
import type { PrismaClient } from "../../generated/prisma/client";
import type { GradingQueue } from "./queue";

/**
 * A grading process writes its heartbeat this often... A host's event loop never runs learner code (its workers
 * are other processes), so a 10 s silence means it is gone; were it only slow, its work would be delivered twice,
 * which SubmissionGrader makes harmless.
 */
export const HEARTBEAT_MS = 2_000;
/** ...and is declared dead, its running submissions queued again, after this long without one. */
export const HOST_DEAD_AFTER_MS = 10_000;
/** /api/ready wants a grader host seen within this window. */
export const HOST_ALIVE_WINDOW_MS = 60_000;

export type HostKind = "grader" | "web";

/**
 * This process as a grader host: its GraderHost row, kept fresh by a heartbeat. Each beat also looks for hosts
 * that stopped beating (kill -9, a lost machine) and queues their running submissions again, long before
 * pg-boss's own expiry would. Several hosts may find the same dead host: the one whose update marks it stopped
 * requeues, the others skip it (and a duplicate job would be harmless anyway).
 */
export class GraderHostHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private stored: () => number = () => 0;

  private constructor(
    private readonly db: PrismaClient,
    readonly id: string,
    private readonly log: (message: string) => void,
  ) {}

  static async register(
    db: PrismaClient,
    info: { kind: HostKind; concurrency: number },
    log: (message: string) => void = (message) => console.error(`[grading] ${message}`),
  ): Promise<GraderHostHeartbeat> {
    const id = `${info.kind}-${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
    await db.graderHost.create({
      data: { id, hostname: hostname(), pid: process.pid, kind: info.kind, concurrency: info.concurrency, graderVersion: GRADER_VERSION },
    });
    return new GraderHostHeartbeat(db, id, log);
  }

  /** Beats every HEARTBEAT_MS, recording how many results it stored; each beat also reaps dead hosts into `queue`. */
  start(queue: GradingQueue, stored: () => number): void {
    this.stored = stored;
    const beat = async () => {
      try {
        await this.db.graderHost.update({ where: { id: this.id }, data: { lastSeenAt: new Date(), graded: stored() } });
        const reaped = await reapDeadHosts(this.db, queue);
        if (reaped.submissions > 0) this.log(`queued again ${reaped.submissions} submission(s) of ${reaped.hosts} dead grader host(s)`);
      } catch (error) {
        this.log(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    void beat();
    this.timer = setInterval(() => void beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Stops beating and records a clean stop (after the host has drained). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.db.graderHost.updateMany({ where: { id: this.id, stoppedAt: null }, data: { stoppedAt: new Date(), graded: this.stored() } });
  }
}

/** Marks hosts silent for HOST_DEAD_AFTER_MS as stopped and queues their running submissions again. */
export async function reapDeadHosts(
  db: PrismaClient,
  queue: GradingQueue,
  now = new Date(),
): Promise<{ hosts: number; submissions: number }> {
  const silent = await db.graderHost.findMany({
    where: { stoppedAt: null, lastSeenAt: { lt: new Date(now.getTime() - HOST_DEAD_AFTER_MS) } },
    select: { id: true },
  });
  let hosts = 0;
  let submissions = 0;
  for (const { id } of silent) {
    const { count } = await db.graderHost.updateMany({ where: { id, stoppedAt: null }, data: { stoppedAt: now } });
    if (count === 0) continue;
    hosts++;
    const orphans = await db.submission.findMany({ where: { graderHostId: id, status: "running" }, select: { id: true, userId: true } });
    for (const orphan of orphans) await queue.requeue({ submissionId: orphan.id, userId: orphan.userId });
    submissions += orphans.length;
  }
  return { hosts, submissions };
}

/** Grader hosts that beat within the window (the readiness check and the metrics read it). */
export async function liveGraderHosts(db: PrismaClient, now = new Date()): Promise<number> {
  return db.graderHost.count({ where: { stoppedAt: null, lastSeenAt: { gte: new Date(now.getTime() - HOST_ALIVE_WINDOW_MS) } } });
}
