import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { createPrismaClient } from "../../server/db-client";
import { openQueue, startGradingNode } from "../../server/grading/grading-node";
import { createCourseFixture, createUser, testDb } from "../helpers/db";
import { createPostgresDatabase, postgresAdminUrl } from "../helpers/postgres";

/** `npm run grader:worker` as an operator runs it: a real process, real sandboxed workers, PostgreSQL. */
const root = path.resolve(import.meta.dirname, "../..");

function startHost(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/grader-worker/main.ts"], {
    cwd: root,
    env: { ...process.env, GRADER_OPS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("npm run grader:worker", () => {
  it("refuses to start on SQLite, naming why", async () => {
    const host = startHost({ DATABASE_URL: "file:./data/never-created.db" });
    expect(await host.exited).toBe(2);
    expect(host.output()).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });

  it("takes no job when its workers cannot start, and says why", async () => {
    const db = testDb();
    const scratch = mkdtempSync(path.join(tmpdir(), "pagewise-broken-worker-"));
    const brokenWorker = path.join(scratch, "worker.mjs");
    writeFileSync(brokenWorker, "process.stderr.write('no sandbox here\\n'); process.exit(3);\n");
    try {
      const queue = await openQueue(db, process.env.DATABASE_URL ?? "", () => undefined);
      const { exerciseId } = await createCourseFixture(db);
      const waiting = await queue.submit({ userId: (await createUser(db)).id, exerciseId, exerciseVersion: "e1", code: "x", maxScore: 20, seed: "1" }, 0);
      await queue.close();
      await expect(
        startGradingNode({ db, databaseUrl: process.env.DATABASE_URL ?? "", kind: "grader", workers: 1, workerPath: brokenWorker, log: () => undefined }),
      ).rejects.toThrow(/grading workers could not start .*no sandbox here/);
      expect((await db.submission.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("queued");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await db.$disconnect();
    }
  });

  describe.skipIf(!postgresAdminUrl)("on PostgreSQL", () => {
    let db: PrismaClient;
    let url: string;
    let drop: () => Promise<void> = async () => undefined;
    beforeAll(() => {
      const database = createPostgresDatabase();
      url = database.url;
      drop = database.drop;
      db = createPrismaClient(url);
    });
    afterAll(async () => {
      await db.$disconnect();
      await drop();
    });

    it("grades from the queue, and on SIGTERM finishes what it has taken, takes no new job, and exits 0", async () => {
      const queue = await openQueue(db, url, () => undefined);
      const userId = (await createUser(db)).id;
      const { exerciseId } = await createCourseFixture(db);
      const submit = (code: string) => queue.submit({ userId, exerciseId, exerciseVersion: "e1", code, maxScore: 20, seed: "7" }, 0);
      // An infinite loop runs until walk-32's time limit: the host is caught in the middle of it.
      const loop = await submit("export function translate(): never { for (;;) {} }");
      const next = await submit("export function translate() { return null; }");
      const later = await submit("export function translate() { return null; }");
      const host = startHost({ DATABASE_URL: url, GRADER_CONCURRENCY: "1" });
      try {
        const statusOf = async (id: string) => (await db.submission.findUniqueOrThrow({ where: { id } })).status;
        // One worker grades the loop; the next job is already taken (waiting for the worker); the third waits.
        await expect.poll(async () => [await statusOf(loop.id), await statusOf(next.id)], { timeout: 60_000, interval: 50 }).toEqual(["running", "running"]);
        host.child.kill("SIGTERM");
        expect(await host.exited).toBe(0);
        // A verdict, stored once: the loop cost its time limit once (attempts 1), it was not retried.
        expect(await db.submission.findUniqueOrThrow({ where: { id: loop.id } })).toMatchObject({ status: "graded", outcome: "timeout", attempts: 1 });
        expect(await db.submission.findUniqueOrThrow({ where: { id: next.id } })).toMatchObject({ status: "graded", attempts: 1 });
        expect(await statusOf(later.id)).toBe("queued");
        expect(host.output()).toMatch(/drained; exiting/);
        expect((await db.graderHost.findFirstOrThrow({ where: { kind: "grader" } })).stoppedAt).not.toBeNull();
      } finally {
        host.child.kill("SIGKILL");
        await queue.close();
      }
    }, 120_000);
  });
});
