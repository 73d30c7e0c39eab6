import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { healthResponseSchema, readinessResponseSchema } from "../../contract/http/ops";
import { startGradingNode } from "../../server/grading/grading-node";
import type { OpsContext } from "../../server/ops/endpoints";
import { ProcessMetrics } from "../../server/ops/metrics";
import { startOpsServer } from "../../server/ops/ops-server";
import { checkReadiness } from "../../server/ops/readiness";
import { createCourseFixture, createUser, testDb } from "../helpers/db";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

const db = testDb();
const databaseUrl = process.env.DATABASE_URL ?? "";
const root = path.resolve(import.meta.dirname, "../..");
const token = "a-metrics-token-for-the-tests";
afterAll(() => db.$disconnect());

describe("operations", () => {
  it("is not ready without a live grader or with a migration missing, and says which check failed", async () => {
    await db.graderHost.updateMany({ data: { stoppedAt: new Date() } });
    const noGrader = await checkReadiness({ db, databaseUrl, queue: null, root });
    expect(noGrader.status).toBe("not_ready");
    expect(noGrader.checks.find((check) => check.name === "database")).toMatchObject({ ok: true });
    expect(noGrader.checks.find((check) => check.name === "migrations")).toMatchObject({ ok: true });
    expect(noGrader.checks.find((check) => check.name === "graders")).toMatchObject({ ok: false, detail: expect.stringMatching(/grader:worker/) });

    const [last] = await db.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`);
    if (!last) throw new Error("no migration recorded");
    await db.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE migration_name = ?`, last.migration_name);
    try {
      const missing = await checkReadiness({ db, databaseUrl, queue: null, root });
      expect(missing.checks.find((check) => check.name === "migrations")).toMatchObject({ ok: false, detail: expect.stringContaining(last.migration_name) });
    } finally {
      await db.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ?`, last.migration_name);
    }
  });

  it("serves health, readiness and token-protected metrics on a grader host's port, as the web server does", async () => {
    const metrics = new ProcessMetrics();
    const node = await startGradingNode({
      db,
      databaseUrl,
      kind: "grader",
      workers: 1,
      workerPath: "unused",
      grader: scriptedGrader(async () => resultFor("graded", 20)),
      observer: metrics.observer,
      log: () => undefined,
    });
    metrics.watch(node, db);
    const context: OpsContext = { role: "grader", db, databaseUrl, queue: async () => node.queue, metrics, metricsToken: token, root };
    const server = await startOpsServer(context, 0, "127.0.0.1");
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { exerciseId } = await createCourseFixture(db);
      const submission = await node.queue.submit({ userId: (await createUser(db)).id, exerciseId, exerciseVersion: "e1", code: "ops", maxScore: 20, seed: "s" }, 0);
      await node.queue.waitForFinal(submission.id, 30_000, async () => (await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).status === "graded");

      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(healthResponseSchema.parse(await health.json())).toMatchObject({ status: "ok", role: "grader" });

      const ready = await fetch(`${base}/api/ready`);
      expect(ready.status).toBe(200);
      expect(readinessResponseSchema.parse(await ready.json()).checks.every((check) => check.ok)).toBe(true);

      expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/api/metrics`, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
      const scrape = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(text).toMatch(/^pagewise_grading_results_total\{status="graded"\} 1$/m);
      expect(text).toMatch(new RegExp(`^pagewise_grading_job_seconds_count\\{exercise="${exerciseId}"\\} 1$`, "m"));
      expect(text).toMatch(/^pagewise_grading_queue_depth \d+$/m);
      expect(text).toMatch(/^pagewise_grader_hosts_alive [1-9]\d*$/m);
      expect(text).toMatch(/^pagewise_grader_worker_restarts_total 0$/m);
      expect(text).toMatch(/^pagewise_process_cpu_seconds_total /m);

      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
      expect((await fetch(`${base}/api/health`, { method: "POST" })).status).toBe(405);
    } finally {
      server.close();
      await node.close();
    }
  });

  it("turns metrics off without a token", async () => {
    const context: OpsContext = { role: "grader", db, databaseUrl, queue: async () => null, metrics: new ProcessMetrics(), metricsToken: undefined, root };
    const server = await startOpsServer(context, 0, "127.0.0.1");
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(404);
    } finally {
      server.close();
    }
  });
});
