import "server-only";
import { getCourses } from "./content/repository";
import { syncContent } from "./content/sync";
import { getDb } from "./db";
import { useWriteAheadLog } from "./db-client";
import { getEnv } from "./env";
import { getGradingService } from "./grading";

/** Start-up work of the web process; a broken content tree or environment stops the server loudly. */
export async function startServerServices(): Promise<void> {
  const env = getEnv();
  await useWriteAheadLog(getDb(), env.DATABASE_URL);
  const synced = await syncContent(getDb(), await getCourses());
  console.log(`[pagewise] content: ${synced.courses} course(s), ${synced.lessons} lesson(s), ${synced.exercises} exercise(s)`);
  const recovered = await getGradingService().recover();
  if (recovered > 0) console.log(`[pagewise] re-queued ${recovered} unfinished submission(s)`);
}
