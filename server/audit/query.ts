import type { AuditEntryView, AuditFilter } from "../../contract/http/audit";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";

export type { AuditEntryView } from "../../contract/http/audit";

/** Whose entries a reader may see: an admin sees the platform's, an instructor their course's. */
export type AuditScope = { kind: "platform" } | { kind: "course"; courseId: string };

export interface AuditPage {
  entries: AuditEntryView[];
  /** The `before` of the next (older) page, or null when this one is the last. */
  nextBefore: string | null;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds; a wider one is refused with a hint to narrow the filters. */
export const AUDIT_EXPORT_MAX = 100_000;

/**
 * The where clause of a filter within a scope. The scope wins over the filter's course: an instructor's `course`
 * cannot reach another course's entries.
 */
export function auditWhere(scope: AuditScope, filter: Omit<AuditFilter, "before">): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput[] = [];
  if (scope.kind === "course") where.push({ courseId: scope.courseId });
  else if (filter.course) where.push({ courseId: filter.course });
  if (filter.action) where.push({ action: filter.action });
  if (filter.actor) where.push({ OR: [{ actorId: filter.actor }, { actorLabel: { contains: filter.actor } }] });
  if (filter.target) where.push({ targetId: { contains: filter.target } });
  if (filter.from) where.push({ at: { gte: new Date(`${filter.from}T00:00:00.000Z`) } });
  if (filter.to) where.push({ at: { lt: new Date(Date.parse(`${filter.to}T00:00:00.000Z`) + 24 * 3600 * 1000) } });
  return { AND: where };
}

/** Newest first, one page, from just after `filter.before` (an entry of another scope or filter starts at the top). */
export async function listAuditEntries(db: PrismaClient, scope: AuditScope, filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = auditWhere(scope, filter);
  const cursor = filter.before ? await db.auditEntry.findFirst({ where: { AND: [where, { id: filter.before }] }, select: { id: true } }) : null;
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
  });
  const page = rows.slice(0, pageSize);
  return { entries: page.map(toView), nextBefore: rows.length > pageSize ? (page.at(-1)?.id ?? null) : null };
}

/** Every entry the filter matches, newest first, for the CSV export; null when there are more than `max`. */
export async function exportAuditEntries(db: PrismaClient, scope: AuditScope, filter: Omit<AuditFilter, "before">, max = AUDIT_EXPORT_MAX): Promise<AuditEntryView[] | null> {
  const rows = await db.auditEntry.findMany({ where: auditWhere(scope, filter), orderBy: [{ at: "desc" }, { id: "desc" }], take: max + 1 });
  return rows.length > max ? null : rows.map(toView);
}

type AuditRow = Awaited<ReturnType<PrismaClient["auditEntry"]["findMany"]>>[number];

function toView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorKind: row.actorKind,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    address: row.address,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    courseId: row.courseId,
    before: row.before,
    after: row.after,
  };
}
