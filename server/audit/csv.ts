import type { AuditFilter } from "../../contract/http/audit";
import type { PrismaClient } from "../../generated/prisma/client";
import { toCsv } from "../csv";
import { RequestError } from "../errors";
import { AUDIT_EXPORT_MAX, exportAuditEntries, type AuditEntryView, type AuditScope } from "./query";

const HEADER = ["at", "actor_kind", "actor_id", "actor", "address", "action", "target_type", "target_id", "course_id", "before", "after"];

/** The entries as RFC 4180 CSV (server/csv.ts: formula-like cells defused), one row each, before/after as JSON. */
export function auditCsv(entries: readonly AuditEntryView[]): string {
  return toCsv([
    HEADER,
    ...entries.map((e) => [e.at, e.actorKind, e.actorId, e.actorLabel, e.address, e.action, e.targetType, e.targetId, e.courseId, e.before, e.after]),
  ]);
}

/** audit-<scope>-<UTC day>.csv */
export function auditCsvFilename(scopeName: string, now = new Date()): string {
  return `audit-${scopeName.replace(/[^A-Za-z0-9_-]+/g, "-")}-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * The download of every entry the filter matches in the scope, as CSV under auditCsvFilename, never cached (the log
 * grows). More than AUDIT_EXPORT_MAX entries is a 422 that asks for narrower filters rather than a cut file.
 */
export async function auditCsvResponse(db: PrismaClient, scope: AuditScope, filter: Omit<AuditFilter, "before">): Promise<Response> {
  const entries = await exportAuditEntries(db, scope, filter);
  if (!entries) throw new RequestError(422, "too_many_entries", `More than ${AUDIT_EXPORT_MAX} entries match: narrow the filters (days, action${scope.kind === "platform" ? ", course" : ""}) and export again.`);
  const scopeName = scope.kind === "platform" ? "platform" : scope.courseId;
  return new Response(auditCsv(entries), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${auditCsvFilename(scopeName)}"`,
      "cache-control": "no-store",
    },
  });
}
