import { metrics } from "@/server/ops/endpoints";
import { webOpsContext } from "@/server/ops/web-context";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Prometheus metrics for this web server, behind METRICS_TOKEN (a bearer token); 404 when no token is set. */
export const GET = route()
  .access(anyone())
  .handle(async ({ request }) => metrics(webOpsContext(), request.headers.get("authorization")));
