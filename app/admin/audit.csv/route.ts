import { auditCsvQuerySchema } from "@/contract/http/audit";
import { auditCsvResponse } from "@/server/audit/csv";
import { AUDIT_EXPORT_MAX, exportAuditEntries } from "@/server/audit/query";
import { getDb } from "@/server/db";
import { RequestError } from "@/server/errors";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** The platform's audit log as CSV (admins), with the page's filters. */
export const GET = route()
  .query(auditCsvQuerySchema)
  .access(admin())
  .handle(async ({ query }) => {
    const entries = await exportAuditEntries(getDb(), { kind: "platform" }, query);
    if (!entries) throw new RequestError(422, "too_many_entries", `More than ${AUDIT_EXPORT_MAX} entries match: narrow the filters (days, action, course) and export again.`);
    return auditCsvResponse(entries, "platform");
  });

