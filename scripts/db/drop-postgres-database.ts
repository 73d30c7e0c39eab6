import pg from "pg";

/**
 * Drops a scratch PostgreSQL database (a test's or a bench's), ending its connections first, through the role in
 * `adminUrl` (one with CREATEDB, which owns what it created).
 */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
