import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { AuditLog } from "@/components/audit/audit-log";
import { auditFilterSchema, type AuditFilter } from "@/contract/http/audit";
import { listAuditEntries } from "@/server/audit/query";
import { getDb } from "@/server/db";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** For admins: every privileged act on the platform, newest first, filterable and exportable (decision 0154). */
export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/audit");
  // A filter that does not parse (a hand-edited URL) shows everything rather than an error page.
  const parsed = auditFilterSchema.safeParse(await searchParams);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const page = await listAuditEntries(getDb(), { kind: "platform" }, filter);
  return (
    <div className="stack">
      <AdminNav current="/admin/audit" />
      <h1>Audit log</h1>
      <p className="muted">
        Every privileged act, written with the act itself: who, from which address, on what, and the state before and after.
        Entries cannot be changed or deleted.
      </p>
      <AuditLog path="/admin/audit" exportPath="/admin/audit.csv" filter={filter} entries={page.entries} nextBefore={page.nextBefore} showCourse />
    </div>
  );
}
