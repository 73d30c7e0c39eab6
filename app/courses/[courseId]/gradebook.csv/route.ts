import { courseParamsSchema } from "@/contract/http/courses";
import { gradebookCsvQuerySchema } from "@/contract/http/gradebook";
import { getDb } from "@/server/db";
import { buildGradebook } from "@/server/gradebook";
import { gradebookCsv } from "@/server/gradebook-csv";
import { staffOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** The gradebook as RFC 4180 CSV (?layout=canvas for Canvas's import), with the page's filters (module, show). */
export const GET = route()
  .params(courseParamsSchema)
  .query(gradebookCsvQuerySchema)
  .access(staffOf(({ params }) => params.courseId))
  .handle(async ({ grant, query }) => {
    const gradebook = await buildGradebook(getDb(), grant.courseId, query);
    const { filename, text } = gradebookCsv(grant.courseId, gradebook, query);
    return new Response(text, {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  });
