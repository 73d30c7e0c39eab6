import "dotenv/config";
import { createServer } from "node:http";
import next from "next";
import { envSchema } from "../server/env-schema";
import { closeProcessGradingNode } from "../server/grading/process-node";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "../server/route/client-address";

/**
 * `npm start`: serves the production build. Next's own `next start` would do, but for one thing: it keeps a
 * client-sent X-Forwarded-For instead of the socket's address, so per-address rate limits could be lifted by
 * inventing the header. Here every request gets CLIENT_ADDRESS_HEADER from the socket and TRUST_PROXY before
 * Next sees it, and a client's own copy of that header is dropped (docs/decisions/0082-client-address.md).
 */
/** Longer than any exercise's grading (wall time, twice with the pool's retry): then the process exits anyway. */
const DRAIN_LIMIT_MS = 60_000;
const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
const trustedHops = parseTrustProxy(process.env.TRUST_PROXY);

const app = next({ dev: false, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((request, response) => {
  request.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedHops);
  // API answers are JSON of a few KB, streamed without a length, so Next would gzip every one: measured at ~1.3 ms
  // of CPU per request on a submission's long poll, a third of the request's cost, to save ~2 KB on the wire.
  // Pages and static files are still compressed (docs/decisions/0152-grading-throughput-on-two-cores.md).
  if (request.url?.startsWith("/api/")) delete request.headers["accept-encoding"];
  void handle(request, response);
});
server.on("error", (error) => {
  console.error(`[pagewise] cannot serve on http://${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
// Slow clients may not hold a connection open for ever (slowloris): headers within 20 s, a request within 60 s.
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;
server.listen(port, hostname, () => {
  console.log(`[pagewise] serving on http://${hostname}:${port} (trusting ${trustedHops} proxy hop${trustedHops === 1 ? "" : "s"})`);
});

// SIGTERM/SIGINT: stop accepting connections, let grading finish what it is running and store it (submissions
// still waiting stay queued for the next start or another host), then exit. A repeated SIGTERM changes nothing;
// a second Ctrl-C exits at once.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`[pagewise] ${signal}: draining (finishing the submissions being graded)`);
    process.on("SIGTERM", () => undefined);
    process.on("SIGINT", () => process.exit(130));
    server.close();
    setTimeout(() => process.exit(0), DRAIN_LIMIT_MS).unref();
    closeProcessGradingNode().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[pagewise] draining failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}

/** TRUST_PROXY through the server's own schema (server/env-schema.ts): a bad value stops the server here. */
function parseTrustProxy(raw: string | undefined): number {
  const parsed = envSchema.shape.TRUST_PROXY.safeParse(raw);
  if (!parsed.success) {
    console.error(`TRUST_PROXY must be a whole number of proxy hops from 0 to 10, not "${raw}". See README.md, "Configuration".`);
    process.exit(2);
  }
  return parsed.data;
}
