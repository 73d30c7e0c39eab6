import "server-only";
import { getCourses } from "./content/repository";
import { syncContent } from "./content/sync";
import { getDb } from "./db";
import { useWriteAheadLog } from "./db-client";
import { getEnv } from "./env";
import { getGrading } from "./grading";

/** Start-up work of the web process; a broken content tree or environment stops the server loudly. */
export async function startServerServices(): Promise<void> {
  const env = getEnv();
  await useWriteAheadLog(getDb(), env.DATABASE_URL);
  const synced = await syncContent(getDb(), await getCourses());
  console.log(`[pagewise] content: ${synced.courses} course(s), ${synced.lessons} lesson(s), ${synced.exercises} exercise(s)`);
  const grading = await getGrading();
  const workers = grading.pool ? `${env.GRADER_WORKERS} local worker(s)` : "no local workers (grader hosts grade)";
  console.log(`[pagewise] grading: ${grading.queue.engine} queue, ${workers}`);
}
