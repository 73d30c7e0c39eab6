import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eEnv } from "../setup/e2e-server";
import { freePort, startServer, type RunningServer } from "../setup/start-server";
import { COURSE_ID, e2eDb } from "./personas";

/**
 * Rate limits as an attacker meets them: two more servers on the suite's database (two web processes sharing
 * one store), with small limits. Server A trusts no proxy (the default), server B trusts one hop.
 */
const LIMITS = {
  AUTH_RATE_LIMIT_PER_MINUTE: "5",
  AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: "4",
  SUBMISSION_RATE_LIMIT_PER_MINUTE: "3",
  SUBMISSION_RATE_LIMIT_PER_HOUR: "100",
};
let serverA: RunningServer;
let serverB: RunningServer;
const db = e2eDb();

/** Limits count in fixed windows: a burst that straddles a minute's (or hour's) end would be split in two. */
async function startWellInsideAWindow(windowMs: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

function post(server: RunningServer, path: string, json: unknown, headers: Record<string, string> = {}) {
  // Each server checks Origin against its own PUBLIC_URL.
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { origin: server.url, "content-type": "application/json", ...headers },
    body: JSON.stringify(json),
  });
}

beforeAll(async () => {
  const base = { ...e2eEnv(), ...LIMITS };
  const [portA, portB] = [await freePort(), await freePort()];
  [serverA, serverB] = await Promise.all([
    startServer(portA, { ...base, PUBLIC_URL: `http://127.0.0.1:${portA}`, TRUST_PROXY: "0" }),
    startServer(portB, { ...base, PUBLIC_URL: `http://127.0.0.1:${portB}`, TRUST_PROXY: "1" }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await db.$disconnect();
});

describe("rate limits", () => {
  it("sign-in per client address holds however X-Forwarded-For is invented (no proxy trusted)", async () => {
    await startWellInsideAWindow(60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await post(serverA, "/api/auth/sign-in/email", { email: `spoof-${i}@example.test`, password: "wrong-password" }, {
        "x-forwarded-for": `198.51.100.${i + 1}`,
        "x-pagewise-client-address": `203.0.113.${i + 1}`,
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Try again in \d+ (second|minute)s?\./);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it("sign-in per account holds across addresses and across both web processes", async () => {
    await startWellInsideAWindow(60 * 60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // Behind one trusted proxy each attempt comes from a different client address, within the address limit.
      const response = await post(serverB, "/api/auth/sign-in/email", { email: "Instructor@Pagewise.local", password: "wrong-password" }, {
        "x-forwarded-for": `192.0.2.${i + 10}`,
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    // The right password is refused too now: a guesser learns nothing from a late success.
    const right = await post(serverB, "/api/auth/sign-in/email", { email: "instructor@pagewise.local", password: "pagewise-demo" }, { "x-forwarded-for": "192.0.2.99" });
    expect(right.status).toBe(429);
  });

  it("submissions per learner: a burst limit shared by two web processes, with Retry-After and a sentence", async () => {
    await startWellInsideAWindow(60_000);
    const email = `limits-${Date.now()}@example.test`;
    const signUp = await post(serverB, "/api/auth/sign-up/email", { name: "Limits", email, password: "limits-password-1" }, { "x-forwarded-for": "192.0.2.201" });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    await db.enrollment.create({ data: { userId: user.id, courseId: COURSE_ID, role: "learner" } });
    const statuses: number[] = [];
    let refusal: Response | null = null;
    for (let i = 0; i < 5; i++) {
      const server = i % 2 === 0 ? serverA : serverB;
      const response = await post(server, "/api/submissions", { exerciseId: "walk-32", code: `export const attempt = ${i};` }, { cookie });
      statuses.push(response.status);
      if (response.status === 429) refusal = response;
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect(Number(refusal?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refusal?.json()) as { error: { message: string } }).error.message).toMatch(
      /^You have submitted many times in the last minute\. Try again in \d+ seconds?\.$/,
    );
    expect(await db.submission.count({ where: { userId: user.id } })).toBe(3);
  });
});

/** The server process's resident memory in kB (Linux). */
function residentKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? Number.NaN);
}

/**
 * Streams up to `totalBytes` of body in chunked encoding (no Content-Length) over a raw socket, as fast as the
 * server takes it, reading whatever the server answers meanwhile. Bounded: 30 s.
 */
function streamBody(url: string, path: string, headers: Record<string, string>, totalBytes: number) {
  const { hostname, port } = new URL(url);
  return new Promise<{ response: string; bytesAccepted: number; closedByServer: boolean }>((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = "";
    let bytesAccepted = 0;
    let closedByServer = false;
    const chunk = Buffer.alloc(65_536, 0x20);
    const finish = () => resolve({ response, bytesAccepted, closedByServer });
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, 30_000);
    socket.on("data", (data) => (response += data.toString("latin1")));
    socket.on("end", () => (closedByServer = true));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      finish();
    });
    socket.on("connect", () => {
      const head = Object.entries({ ...headers, host: `${hostname}:${port}`, "transfer-encoding": "chunked", connection: "keep-alive" })
        .map(([name, value]) => `${name}: ${value}`)
        .join("\r\n");
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n\r\n`);
      const pump = () => {
        while (bytesAccepted < totalBytes && !socket.destroyed && !closedByServer) {
          bytesAccepted += chunk.length;
          const ok = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write("\r\n");
          if (!ok) return socket.once("drain", pump);
        }
        if (!socket.destroyed && !closedByServer) socket.end("0\r\n\r\n");
      };
      pump();
    });
  });
}

describe("bodies", () => {
  it("a 64 MB body streamed without Content-Length is refused at the route's limit: 413, connection closed, memory flat", async () => {
    // Signed up through server B from an address of its own (server A's budget for 127.0.0.1 is spent above); the
    // session works on both, as it would behind a load balancer.
    const signUp = await post(serverB, "/api/auth/sign-up/email", { name: "Big Body", email: `big-${Date.now()}@example.test`, password: "big-body-password" }, {
      "x-forwarded-for": "192.0.2.200",
    });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const pid = serverA.process.pid ?? 0;
    const before = residentKb(pid);
    const result = await streamBody(serverA.url, "/api/submissions", { origin: serverA.url, cookie, "content-type": "application/json" }, 64 * 1024 * 1024);
    const after = residentKb(pid);
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.response).toMatch(/\r\nconnection: close\r\n/i);
    expect(result.response).toContain("larger than this endpoint's limit of 1200000 bytes");
    // The server hung up long before the 64 MB were sent, and did not keep what it read.
    expect(result.closedByServer).toBe(true);
    expect(result.bytesAccepted).toBeLessThan(16 * 1024 * 1024);
    expect(after - before).toBeLessThan(24 * 1024);
  });
});
