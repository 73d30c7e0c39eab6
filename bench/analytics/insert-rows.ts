import { Prisma } from "../../generated/prisma/client";

// createMany costs about half a millisecond a row (Prisma's per-row work, not the database's), which makes a
// 65,000-row course take half a minute to seed; one multi-row INSERT per batch, through $executeRaw so placeholders
// and dates suit the engine, is about five times faster. Only for seeding tables whose every column we write.

/** SQLite (libsql) takes at most 999 bound values in one statement. */
const MAX_BOUND_VALUES = 999;

type Row = Record<string, unknown>;

/** Inserts `rows` (all with the keys of the first, written as they are: ids and timestamps included) into `table`. */
export async function insertRows(
  db: Pick<Prisma.TransactionClient, "$executeRaw">,
  table: string,
  rows: readonly Row[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length));
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES `);
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((row) => {
      if (Object.keys(row).length !== columns.length)
        throw new Error(`insertRows(${table}): every row needs the columns ${columns.join(", ")}`);
      return Prisma.sql`(${Prisma.join(columns.map((column) => row[column] ?? null))})`;
    });
    await db.$executeRaw`${head}${Prisma.join(values)}`;
  }
}
