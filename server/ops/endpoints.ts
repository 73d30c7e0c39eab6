import type { HealthResponse } from "../../contract/http/ops";
import type { PrismaClient } from "../../generated/prisma/client";
import type { GradingQueue } from "../grading/queue";
import { metricsAccess } from "./metrics-token";
import type { ProcessMetrics } from "./metrics";
import { checkReadiness } from "./readiness";

/**
 * The three operations endpoints as plain Request -> Response functions, shared by the web server's routes
 * (app/api/health, ready, metrics) and a grader host's own port (ops-server.ts), so both answer alike.
 */
export interface OpsContext {
  role: HealthResponse["role"];
  db: PrismaClient;
  databaseUrl: string;
  queue: () => Promise<GradingQueue | null>;
  metrics: ProcessMetrics;
  metricsToken: string | undefined;
  root: string;
}

const noStore = { "cache-control": "no-store" };

export function health(context: Pick<OpsContext, "role">): Response {
  return Response.json({ status: "ok", role: context.role, uptimeSeconds: Math.round(process.uptime()) } satisfies HealthResponse, { headers: noStore });
}

export async function readiness(context: OpsContext): Promise<Response> {
  const queue = await context.queue().catch(() => null);
  const body = await checkReadiness({ db: context.db, databaseUrl: context.databaseUrl, queue, root: context.root });
  return Response.json(body, { status: body.status === "ready" ? 200 : 503, headers: noStore });
}

export async function metrics(context: OpsContext, authorization: string | null): Promise<Response> {
  switch (metricsAccess(authorization, context.metricsToken)) {
    case "disabled":
      return Response.json({ error: "metrics_disabled", message: "Metrics are off: set METRICS_TOKEN to turn them on." }, { status: 404, headers: noStore });
    case "refused":
      return Response.json(
        { error: "unauthorized", message: "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>." },
        { status: 401, headers: { ...noStore, "www-authenticate": 'Bearer realm="metrics"' } },
      );
    case "allowed": {
      const scrape = await context.metrics.scrape();
      return new Response(scrape.body, { headers: { ...noStore, "content-type": scrape.contentType } });
    }
  }
}
