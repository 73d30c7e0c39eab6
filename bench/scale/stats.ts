export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Runs `count` tasks on `clients` concurrent loops; task i gets client i % clients. */
export async function onClients<T>(count: number, clients: number, task: (i: number, client: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async (_, client) => {
      for (let i = next++; i < count; i = next++) results[i] = await task(i, client);
    }),
  );
  return results;
}
