/**
 * Runs once when the Next server starts: mirrors content/ into the database (so a deploy with new
 * lessons needs no extra step) and re-queues submissions a previous process left unfinished.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerServices } = await import("./server/startup");
  await startServerServices();
}
