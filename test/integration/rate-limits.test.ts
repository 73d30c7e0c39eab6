import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { createPrismaClient } from "../../server/db-client";
import { countHit, deleteExpiredWindows, type RateLimit } from "../../server/rate-limit/store";
import { testDb } from "../helpers/db";
import { createPostgresDatabase, postgresAdminUrl } from "../helpers/postgres";

// The rate-limit store is the database, so that every web process counts against the same limit: these tests use
// two separate clients on one database (two "processes"), on SQLite and on PostgreSQL (where the same Prisma upsert
// is one INSERT ... ON CONFLICT DO UPDATE); test/e2e/limits.test.ts runs two real servers on one.
const MINUTE = 60_000;
// A fixed instant in the middle of a window, so no test straddles a window's end.
const NOW = Date.UTC(2026, 11, 6, 12, 0, 30);
const limit = (name: string, max: number): RateLimit => ({ name, max, windowMs: MINUTE });

function storeTests(makeClients: () => Promise<{ a: PrismaClient; b: PrismaClient }>) {
  it("lets `max` hits through in a window, refuses the next with the seconds to its end, and starts again after it", async () => {
    const { a } = await makeClients();
    const l = limit(`t1-${Math.random()}`, 3);
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await countHit(a, l, "learner-1", NOW));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toEqual({ ok: false, hits: 4, retryAfterSeconds: 30 });
    expect((await countHit(a, l, "learner-2", NOW)).ok).toBe(true);
    expect((await countHit(a, l, "learner-1", NOW + 30_000)).ok).toBe(true);
  });

  it("counts hits from two clients (two web processes) against one limit", async () => {
    const { a, b } = await makeClients();
    const l = limit(`t2-${Math.random()}`, 4);
    const verdicts = [];
    for (let i = 0; i < 6; i++) verdicts.push(await countHit(i % 2 === 0 ? a : b, l, "203.0.113.9", NOW));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, false, false]);
  });

  it("counts every one of many concurrent hits exactly once (one atomic upsert each)", async () => {
    const { a, b } = await makeClients();
    const l = limit(`t3-${Math.random()}`, 10);
    const verdicts = await Promise.all(Array.from({ length: 24 }, (_, i) => countHit(i % 2 === 0 ? a : b, l, "same", NOW)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(10);
    expect(verdicts.map((v) => v.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it("is off with max 0, and forgets windows that ended", async () => {
    const { a } = await makeClients();
    for (let i = 0; i < 5; i++) expect((await countHit(a, limit("off", 0), "x", NOW)).ok).toBe(true);
    await countHit(a, limit(`t4-${Math.random()}`, 1), "x", NOW);
    expect(await deleteExpiredWindows(a, NOW + 10 * MINUTE)).toBeGreaterThanOrEqual(1);
    expect(await a.rateLimitWindow.count({ where: { expiresAt: { lt: new Date(NOW + 10 * MINUTE) } } })).toBe(0);
  });

  it("stores no subject in the clear (no email addresses in the limits table)", async () => {
    const { a } = await makeClients();
    await countHit(a, limit(`t5-${Math.random()}`, 5), "someone@example.test", NOW);
    const keys = (await a.rateLimitWindow.findMany({ select: { key: true } })).map((row) => row.key).join(" ");
    expect(keys).not.toContain("someone");
  });
}

describe("rate-limit store on SQLite", () => {
  const clients = { a: testDb(), b: testDb() };
  afterAll(async () => {
    await clients.a.$disconnect();
    await clients.b.$disconnect();
  });
  storeTests(async () => clients);
});

describe.skipIf(!postgresAdminUrl)("rate-limit store on PostgreSQL", () => {
  let clients: { a: PrismaClient; b: PrismaClient };
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(() => {
    const database = createPostgresDatabase();
    drop = database.drop;
    clients = { a: createPrismaClient(database.url), b: createPrismaClient(database.url) };
  });
  afterAll(async () => {
    await clients.a.$disconnect();
    await clients.b.$disconnect();
    await drop();
  });
  storeTests(async () => clients);
});
