import { createServer, type Server } from "node:http";
import { health, metrics, readiness, type OpsContext } from "./endpoints";

/**
 * A grader host's operations port: GET /api/health, /api/ready and /api/metrics, answered exactly as the web
 * server answers them (endpoints.ts). Anything else is 404; only GET and HEAD are served.
 */
export function startOpsServer(context: OpsContext, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = async (): Promise<Response> => {
      if (request.method !== "GET" && request.method !== "HEAD") return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { allow: "GET, HEAD" } });
      switch (new URL(request.url ?? "/", "http://localhost").pathname) {
        case "/api/health":
          return health(context);
        case "/api/ready":
          return readiness(context);
        case "/api/metrics":
          return metrics(context, request.headers.authorization ?? null);
        default:
          return Response.json({ error: "not_found", message: "This port serves /api/health, /api/ready and /api/metrics." }, { status: 404 });
      }
    };
    answer()
      .then(async (reply) => {
        response.writeHead(reply.status, Object.fromEntries(reply.headers));
        response.end(request.method === "HEAD" ? undefined : Buffer.from(await reply.arrayBuffer()));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "internal", message: error instanceof Error ? error.message : String(error) }));
      });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
