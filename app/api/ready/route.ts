import { readiness } from "@/server/ops/endpoints";
import { webOpsContext } from "@/server/ops/web-context";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Readiness: database, migrations, queue and a live grader; 503 naming what is missing. */
export const GET = route()
  .access(anyone())
  .handle(async () => readiness(webOpsContext()));
