import pg from "pg";

/** How often, and how long apart, a drop that met a process it may not end is tried again (bounded: ~5 s). */
const ATTEMPTS = 25;
const RETRY_MS = 200;

/**
 * Drops a scratch PostgreSQL database (a test's or a bench's), ending its connections first, through the role in
 * `adminUrl` (one with CREATEDB, which owns what it created). WITH (FORCE) may not end a process of another role,
 * and the autovacuum worker that PostgreSQL sometimes starts on a freshly written database is one: its refusal
 * (42501, insufficient privilege) is waited out, as the worker finishes within moments.
 */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "42501" || attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  } finally {
    await admin.end();
  }
}
