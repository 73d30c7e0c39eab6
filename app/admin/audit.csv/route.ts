import { auditCsvQuerySchema } from "@/contract/http/audit";
import { auditCsvResponse } from "@/server/audit/csv";
import { getDb } from "@/server/db";
import { admin } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** The platform's audit log as CSV (admins), with the page's filters. */
export const GET = route()
  .query(auditCsvQuerySchema)
  .access(admin())
  .handle(({ query }) => auditCsvResponse(getDb(), { kind: "platform" }, query));
