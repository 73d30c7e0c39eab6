// SQLite (libsql) takes at most 999 bound values in one statement, and Prisma splits a long `in` list by itself only
// in a plain findMany (no orderBy, one list): a groupBy or a filtered query over a course's 1,000 learners fails with
// P2029. Queries filtered by a list of learners go through here, CHUNK ids at a time: a few grouped queries per
// thousand learners, never one per learner.
export const CHUNK = 400;

/** Runs `query` over `ids` CHUNK at a time (in parallel) and concatenates the rows. */
export async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  return (await Promise.all(chunks.map(query))).flat();
}
