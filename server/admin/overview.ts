import "server-only";
import type { AuditEntryView } from "../../contract/http/audit";
import type { PrismaClient } from "../../generated/prisma/client";
import { listAuditEntries } from "../audit/query";
import { liveGraderHosts } from "../grading/hosts";

export interface PlatformOverview {
  users: number;
  disabled: number;
  courses: number;
  gradersAlive: number;
  failed: number;
  /** Users whose last sign-in is within the last 24 hours. */
  signedInToday: number;
  latest: AuditEntryView[];
}

/** The console's front page in a handful of counts, plus the five latest audit entries. */
export async function platformOverview(db: PrismaClient, now = new Date()): Promise<PlatformOverview> {
  const [users, disabled, courses, gradersAlive, failed, signedInToday, latest] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { disabledAt: { not: null } } }),
    db.course.count(),
    liveGraderHosts(db, now),
    db.submission.count({ where: { status: "failed" } }),
    db.user.count({ where: { lastSignInAt: { gte: new Date(now.getTime() - 24 * 3600 * 1000) } } }),
    listAuditEntries(db, { kind: "platform" }, {}, 5),
  ]);
  return { users, disabled, courses, gradersAlive, failed, signedInToday, latest: latest.entries };
}
