import { toCsv } from "../csv";
import type { AuditEntryView } from "./query";

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

/** The download: the entries as CSV under auditCsvFilename, never cached (the log grows). */
export function auditCsvResponse(entries: readonly AuditEntryView[], scopeName: string): Response {
  return new Response(auditCsv(entries), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${auditCsvFilename(scopeName)}"`,
      "cache-control": "no-store",
    },
  });
}
