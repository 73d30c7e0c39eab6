import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";

/** An LMS course bound to a Pagewise course, as the course's LMS page lists it. */
export interface BoundLmsCourse {
  id: string;
  platformName: string;
  /** The LMS course's title (its context title at the latest launch). */
  title: string;
  contextId: string;
  /** Whether its launches offered the roster service (NRPS): only then can its roster be pulled. */
  rosterAvailable: boolean;
  lastRosterPullAt: Date | null;
}

/** The LMS courses bound to the course (by launches and deep links from them), by platform and title. */
export async function listBoundLmsCourses(db: PrismaClient, courseId: string): Promise<BoundLmsCourse[]> {
  const rows = await db.ltiContext.findMany({
    where: { courseId },
    select: { id: true, title: true, contextId: true, membershipsUrl: true, lastRosterPullAt: true, platform: { select: { name: true } } },
    orderBy: [{ platform: { name: "asc" } }, { title: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    platformName: row.platform.name,
    title: row.title,
    contextId: row.contextId,
    rosterAvailable: row.membershipsUrl !== null,
    lastRosterPullAt: row.lastRosterPullAt,
  }));
}
