import { afterAll, describe, expect, it } from "vitest";
import { readinessResponseSchema } from "../../contract/http/ops";
import { E2E_METRICS_TOKEN, e2eEnv } from "../setup/e2e-server";
import { freePort, startServer } from "../setup/start-server";
import { call, e2eDb, signInCookie } from "./personas";

/** What an operator's load balancer, Prometheus and supervisor meet on the production server. */
const db = e2eDb();
afterAll(() => db.$disconnect());

describe("operations endpoints", () => {
  it("answers readiness with every check passing, and metrics only with the bearer token", async () => {
    const ready = await call("", "GET", "/api/ready");
    expect(ready.status).toBe(200);
    const body = readinessResponseSchema.parse(await ready.json());
    expect(body.checks.map((check) => [check.name, check.ok])).toEqual([
      ["database", true],
      ["migrations", true],
      ["queue", true],
      ["graders", true],
    ]);

    expect((await call("", "GET", "/api/metrics", { headers: { authorization: "Bearer not-the-token-at-all" } })).status).toBe(401);
    const scrape = await call("", "GET", "/api/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await scrape.text();
    for (const name of ["pagewise_grading_queue_depth", "pagewise_grading_jobs_running", "pagewise_grader_hosts_alive", "pagewise_grader_worker_restarts_total"]) {
      expect(text).toMatch(new RegExp(`^${name} \\d+$`, "m"));
    }
  });
});

describe("SIGTERM on a web server", () => {
  it("finishes and stores the submission it is grading, then exits 0", async () => {
    const port = await freePort();
    // Its own PUBLIC_URL: the Origin check compares against it.
    const server = await startServer(port, { ...e2eEnv(), PUBLIC_URL: `http://127.0.0.1:${port}` });
    try {
      const cookie = await signInCookie("learner@pagewise.local", "pagewise-demo");
      const headers = { origin: server.url, cookie, "content-type": "application/json" };
      // An infinite loop: it runs until the exercise's time limit, long enough to be caught mid-grade.
      const code = "export function translate(): never { for (;;) {} }";
      const accepted = await fetch(`${server.url}/api/submissions`, { method: "POST", headers, body: JSON.stringify({ exerciseId: "walk-32", code }) });
      expect(accepted.status).toBe(202);
      const { submission } = (await accepted.json()) as { submission: { id: string } };
      await expect.poll(async () => (await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).status, { timeout: 30_000, interval: 50 }).toBe("running");

      const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
      server.process.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).toMatchObject({ status: "graded", outcome: "timeout" });
    } finally {
      await server.stop();
    }
  });
});
