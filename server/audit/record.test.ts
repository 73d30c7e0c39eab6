import { describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { auditedTransaction } from "./record";

/** A client whose $transaction fails with the given errors in turn, then runs the work; it logs the raw SQL run. */
function failingThen(errors: Error[]) {
  let calls = 0;
  const statements: string[] = [];
  const tx = { $executeRawUnsafe: async (sql: string) => (statements.push(sql), 0) };
  const db = {
    $transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      calls++;
      const error = errors.shift();
      if (error) throw error;
      return work(tx);
    },
  };
  return { db: db as unknown as PrismaClient, calls: () => calls, statements };
}

// SQLite's stale-snapshot refusal as Prisma reports it through adapter-libsql.
const busy = () => new Error("Raw query failed. Code: `5`. Message: `SQLITE_BUSY: database is locked`");

describe("auditedTransaction", () => {
  it("runs a transaction refused with SQLITE_BUSY again, whole, and returns what the work returns", async () => {
    const { db, calls, statements } = failingThen([busy(), new Error("Operation has timed out")]);
    await expect(auditedTransaction(db, async () => (statements.push("the act"), "stored"))).resolves.toBe("stored");
    expect(calls()).toBe(3);
    // The write lock is taken before the act's first statement (and touches no row).
    expect(statements).toEqual([`UPDATE "AuditEntry" SET "action" = "action" WHERE 1 = 0`, "the act"]);
  });

  it("gives up after three attempts, with the database's error", async () => {
    const { db, calls } = failingThen([busy(), busy(), busy(), busy()]);
    await expect(auditedTransaction(db, async () => "stored")).rejects.toThrow(/SQLITE_BUSY/);
    expect(calls()).toBe(3);
  });

  it("does not retry any other failure: a refused act or a broken entry fails at once", async () => {
    const { db, calls } = failingThen([new Error("No learner enrolled in this course has the email x.")]);
    await expect(auditedTransaction(db, async () => "stored")).rejects.toThrow(/No learner/);
    expect(calls()).toBe(1);
  });
});
