import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { call, COURSE_ID, e2eDb, preparePersonas } from "./personas";
import { base } from "./steps";

/**
 * The bad-input suite: every route that takes input, sent what an attacker or a broken client sends (malformed
 * JSON, wrong types, extra fields, bytes that are not UTF-8, bodies over the limit with and without a length,
 * prototype-key and unknown ids, a foreign or missing Origin, cross-site form posts). Each must be a 4xx whose
 * message a person understands, and must leave every table exactly as it was.
 */
const root = path.resolve(import.meta.dirname, "../..");
const db = e2eDb();
let cookie: string;
let knowledgeCheck: { lessonId: string; checkId: string; answer: string };

/** Everything a route could write, as one digest: row counts and contents. */
async function databaseDigest(): Promise<string> {
  const tables = await Promise.all([
    db.submission.findMany({ orderBy: { id: "asc" } }),
    db.draft.findMany({ orderBy: [{ userId: "asc" }, { exerciseId: "asc" }] }),
    db.knowledgeCheckAnswer.findMany({ orderBy: { id: "asc" } }),
    db.enrollment.findMany({ orderBy: { id: "asc" } }),
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.account.findMany({ orderBy: { id: "asc" } }),
    db.rateLimitWindow.findMany({ orderBy: { key: "asc" } }),
    db.course.findMany({ orderBy: { id: "asc" } }),
    db.exercise.findMany({ orderBy: { id: "asc" } }),
  ]);
  return createHash("sha256").update(JSON.stringify(tables)).digest("hex");
}

/** Earlier spec files leave submissions being graded; their results landing is not this suite's doing. */
async function waitForGradingToSettle(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await db.submission.count({ where: { status: { in: ["queued", "running"] } } })) > 0) {
    if (Date.now() > deadline) throw new Error("submissions from earlier tests are still being graded after 120 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Target {
  method: string;
  path: string;
  /** A body the route accepts (so each case below breaks exactly one thing). */
  valid: Record<string, unknown>;
  maxBytes: number;
  /** Fields that name a record, and where they sit: the body, or the path. */
  idField?: string;
}

const targets = (): Target[] => [
  { method: "POST", path: "/api/submissions", valid: { exerciseId: "walk-32", code: "export const x = 1;" }, maxBytes: 1_200_000, idField: "exerciseId" },
  { method: "PUT", path: "/api/drafts/walk-32", valid: { code: "// draft" }, maxBytes: 1_200_000 },
  { method: "POST", path: "/api/knowledge-checks", valid: { ...knowledgeCheck }, maxBytes: 4_096, idField: "lessonId" },
  { method: "POST", path: "/api/auth/sign-in/email", valid: { email: "learner@pagewise.local", password: "wrong-password" }, maxBytes: 16_384 },
  // Every case breaks one thing, so this account is never created.
  { method: "POST", path: "/api/auth/sign-up/email", valid: { name: "Bad Input", email: "bad-input@example.test", password: "a-long-password" }, maxBytes: 16_384 },
];

/** The status and the sentence the server answered with, whichever error shape (ours or better-auth's). */
async function answer(response: Response): Promise<{ status: number; message: string }> {
  const text = await response.text();
  let message = "";
  try {
    const body = JSON.parse(text) as { error?: { message?: string }; message?: string };
    message = body.error?.message ?? body.message ?? "";
  } catch {
    message = text;
  }
  return { status: response.status, message };
}

/** A refusal a person can read: a sentence, not a stack trace, an internal name or an empty body. */
function expectReadableRefusal(result: { status: number; message: string }, status: number | RegExp) {
  if (typeof status === "number") expect(result.status).toBe(status);
  else expect(String(result.status)).toMatch(status);
  expect(result.message.length).toBeGreaterThan(10);
  expect(result.message).toMatch(/^[A-Z"]/);
  expect(result.message).not.toMatch(/\bat [\w.<>]+ \(|node_modules|prisma|PrismaClient|TypeError|ReferenceError|SyntaxError|undefined|\[object Object\]/);
}

beforeAll(async () => {
  ({ cookies: { enrolled: cookie } } = await preparePersonas(db));
  const course = (await loadCourses(path.join(root, "content"))).find((c) => c.id === COURSE_ID);
  const lesson = course?.modules.flatMap((m) => m.lessons).find((l) => l.knowledgeChecks.some((c) => c.kind === "multiple-choice"));
  const check = lesson?.knowledgeChecks.find((c) => c.kind === "multiple-choice");
  if (!lesson || !check || check.kind !== "multiple-choice") throw new Error("the demo course has no multiple-choice knowledge check");
  knowledgeCheck = { lessonId: lesson.id, checkId: check.id, answer: check.options[0]?.id ?? "" };
  await waitForGradingToSettle();
}, 180_000);

afterAll(() => db.$disconnect());

/** Sends `request` and checks the refusal and that no table changed. */
async function refused(send: () => Promise<Response>, status: number | RegExp) {
  const before = await databaseDigest();
  expectReadableRefusal(await answer(await send()), status);
  expect(await databaseDigest()).toBe(before);
}

describe("bad input to every route that takes input", () => {
  // Named before beforeAll has found the knowledge check; each test reads its target (with that check) when it runs.
  for (const [index, name] of ["POST /api/submissions", "PUT /api/drafts/walk-32", "POST /api/knowledge-checks", "POST /api/auth/sign-in/email", "POST /api/auth/sign-up/email"].entries()) {
    describe(name, () => {
      const get = (): Target => {
        const target = targets()[index];
        if (!target || `${target.method} ${target.path}` !== name) throw new Error(`targets() no longer lists ${name} at ${index}`);
        return target;
      };
      const raw = (body: BodyInit, headers: Record<string, string> = {}) => () =>
        call(cookie, get().method, get().path, { body, headers: { "content-type": "application/json", ...headers } });

      it("malformed JSON is a 400", () => refused(raw("{not json"), 400));
      it("a JSON array or string instead of an object is a 400", async () => {
        await refused(raw("[1,2,3]"), 400);
        await refused(raw('"just a string"'), 400);
      });
      it("bytes that are not UTF-8 are a 400", () => refused(raw(new Uint8Array([0x7b, 0x22, 0x63, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400));
      it("every field with the wrong type is a 4xx naming the problem", async () => {
        for (const field of Object.keys(get().valid)) {
          await refused(raw(JSON.stringify({ ...get().valid, [field]: 12345 })), /^4\d\d$/);
          await refused(raw(JSON.stringify({ ...get().valid, [field]: { nested: true } })), /^4\d\d$/);
        }
      });
      it("a body over the route's limit is a 413, with or without Content-Length", async () => {
        const oversized = "x".repeat(get().maxBytes + 1);
        await refused(raw(JSON.stringify({ ...get().valid, padding: oversized })), 413);
        // Streamed in chunks without a Content-Length, a little over the limit (limits.test.ts streams 64 MB over
        // a raw socket and watches the server's memory).
        const chunks = 16;
        const chunkBytes = Math.ceil((get().maxBytes + 4_096) / chunks);
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ === chunks) return controller.close();
            controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
          },
        });
        await refused(
          () =>
            fetch(`${base}${get().path}`, {
              method: get().method,
              headers: { origin: base, cookie, "content-type": "application/json" },
              body: stream,
              duplex: "half",
            } as RequestInit),
          413,
        );
      });
      it("a foreign Origin, a missing Origin and a cross-site text/plain or form post are refused", async () => {
        const body = JSON.stringify(get().valid);
        await refused(raw(body, { origin: "https://evil.example" }), 403);
        await refused(() => fetch(`${base}${get().path}`, { method: get().method, headers: { cookie, "content-type": "application/json" }, body }), 403);
        await refused(raw(body, { origin: "https://evil.example", "content-type": "text/plain" }), 403);
        await refused(raw("exerciseId=walk-32&code=x", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }), 403);
        // From our own origin, but not JSON: the route takes JSON only.
        await refused(raw(body, { "content-type": "text/plain" }), 415);
        await refused(raw("a=b", { "content-type": "application/x-www-form-urlencoded" }), 415);
      });
    });
  }

  it("extra fields are refused, a role smuggled into sign-up included", async () => {
    for (const target of targets()) {
      await refused(() => call(cookie, target.method, target.path, { json: { ...target.valid, role: "admin", isAdmin: true } }), 400);
    }
    const signUp = { name: "Mallory", email: `mallory-${Date.now()}@example.test`, password: "a-long-password", role: "admin" };
    await refused(() => call("", "POST", "/api/auth/sign-up/email", { json: signUp }), 400);
  });

  it("prototype-key and unknown ids are 404s, in the body, the path and the query", async () => {
    for (const id of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "no-such-id"]) {
      await refused(() => call(cookie, "POST", "/api/submissions", { json: { exerciseId: id, code: "x" } }), 404);
      await refused(() => call(cookie, "PUT", `/api/drafts/${id}`, { json: { code: "x" } }), 404);
      await refused(() => call(cookie, "POST", "/api/knowledge-checks", { json: { ...knowledgeCheck, lessonId: id } }), 404);
      await refused(() => call(cookie, "POST", "/api/knowledge-checks", { json: { ...knowledgeCheck, checkId: id } }), 404);
      await refused(() => call(cookie, "GET", `/api/exercises/${id}/public-checks`), 404);
      await refused(() => call(cookie, "GET", `/api/submissions?exerciseId=${id}`), 404);
      await refused(() => call(cookie, "GET", `/api/submissions/${id}`), 404);
      expect((await call(cookie, "GET", `/courses/${id}`)).status).toBe(404);
      expect((await call(cookie, "GET", `/courses/${COURSE_ID}/${id}`)).status).toBe(404);
    }
  });

  it("bad query strings are 400s", async () => {
    await refused(() => call(cookie, "GET", "/api/submissions"), 400);
    await refused(() => call(cookie, "GET", "/api/submissions?exerciseId=walk-32&extra=1"), 400);
    await refused(() => call(cookie, "GET", "/api/submissions/anything?waitMs=-5"), 400);
    await refused(() => call(cookie, "GET", "/api/submissions/anything?waitMs=99999999"), 400);
  });
});
