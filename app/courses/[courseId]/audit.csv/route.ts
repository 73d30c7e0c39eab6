import { auditCsvQuerySchema } from "@/contract/http/audit";
import { courseParamsSchema } from "@/contract/http/courses";
import { auditCsvResponse } from "@/server/audit/csv";
import { getDb } from "@/server/db";
import { staffOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** A course's audit log as CSV (its staff and admins), with the page's filters. */
export const GET = route()
  .params(courseParamsSchema)
  .query(auditCsvQuerySchema)
  .access(staffOf(({ params }) => params.courseId))
  .handle(({ grant, query }) => auditCsvResponse(getDb(), { kind: "course", courseId: grant.courseId }, query));
