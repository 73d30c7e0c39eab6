import { afterAll, describe, expect, it } from "vitest";
import { SQLITE_BUSY_TIMEOUT_MS, useWriteAheadLog } from "../../server/db-client";
import { testDb } from "../helpers/db";

// The embedded database as the server opens it (server/startup.ts): write-ahead logging, so pages and long polls
// never block a grading result being stored, and a busy timeout, so a writer waits for a lock instead of failing.
const db = testDb();
const other = testDb();
afterAll(async () => {
  await db.$disconnect();
  await other.$disconnect();
});

describe("SQLite settings", () => {
  it("switches the file to WAL, which every later connection sees", async () => {
    expect(await useWriteAheadLog(db, process.env.DATABASE_URL ?? "")).toBe("wal");
    expect(await other.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
  });

  it("waits for a lock instead of failing at once", async () => {
    expect(await db.$queryRawUnsafe("PRAGMA busy_timeout")).toEqual([{ timeout: SQLITE_BUSY_TIMEOUT_MS }]);
  });

  it("lets a reader read while another connection holds a write transaction open", async () => {
    await useWriteAheadLog(db, process.env.DATABASE_URL ?? "");
    const before = await other.course.count();
    await db.$transaction(async (tx) => {
      await tx.course.create({ data: { id: `wal-${Date.now()}`, title: "W", summary: "s", contentHash: "h", position: 1 } });
      // A second connection reads the last committed state without waiting for this transaction.
      expect(await other.course.count()).toBe(before);
    });
    expect(await other.course.count()).toBe(before + 1);
  });

  it("leaves PostgreSQL alone", async () => {
    expect(await useWriteAheadLog(db, "postgresql://u:p@127.0.0.1:5432/x")).toBeNull();
  });
});
