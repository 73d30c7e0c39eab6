import { auditCsvQuerySchema } from "@/contract/http/audit";
import { courseParamsSchema } from "@/contract/http/courses";
import { auditCsvResponse } from "@/server/audit/csv";
import { AUDIT_EXPORT_MAX, exportAuditEntries } from "@/server/audit/query";
import { getDb } from "@/server/db";
import { RequestError } from "@/server/errors";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** A course's audit log as CSV (its instructors and admins), with the page's filters. */
export const GET = route()
  .params(courseParamsSchema)
  .query(auditCsvQuerySchema)
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, query }) => {
    const entries = await exportAuditEntries(getDb(), { kind: "course", courseId: grant.courseId }, query);
    if (!entries) throw new RequestError(422, "too_many_entries", `More than ${AUDIT_EXPORT_MAX} entries match: narrow the filters and export again.`);
    return auditCsvResponse(entries, grant.courseId);
  });
