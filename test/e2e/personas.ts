import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../../server/db-client";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Page } from "playwright-core";
import { E2E_DB_FILE } from "../setup/e2e-server";
import type { E2eBrowser, PageOptions } from "./browser";
import { base } from "./steps";

/**
 * The seven kinds of caller every route and page is tried as (the authorization matrix), signed in through the real
 * API: anonymous; a learner not enrolled; a learner enrolled in the demo course; a teaching assistant of the demo
 * course; an instructor of another course; the demo course's instructor; a platform admin. Each is a cookie header
 * ("" for anonymous).
 */
export const PERSONAS = ["anonymous", "learner", "enrolled", "ta", "otherInstructor", "instructor", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

export const COURSE_ID = "memory-between-kernel-and-user";
export const OTHER_COURSE_ID = "matrix-other-course";

/** The e2e server's own database, for arranging fixtures and comparing rows before and after. */
/**
 * The suite's own connection to the server's SQLite file. It writes beside a live server that takes SQLite's one
 * write lock for each of its short transactions, back to back under load: a CI run saw this process wait out the
 * product's 5 s and fail with SQLITE_BUSY while the server's requests went on. The test process is the extra
 * writer here, so it, not the server, waits longer.
 */
export function e2eDb(): PrismaClient {
  return createPrismaClient(`file:./${E2E_DB_FILE}`, { busyTimeoutMs: 30_000 });
}

/** Signs in (or up, then in) on the suite's server, or on `server`, and returns the session cookie to send. */
export async function signInCookie(email: string, password: string, server = base): Promise<string> {
  const response = await fetch(`${server}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: server, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  return sessionCookie(response);
}

/** A fresh page of `browser` signed in as `email` (through the sign-in API, its cookie put in the page's context). */
export async function signedInPage(browser: E2eBrowser, email: string, password: string, options: PageOptions = {}): Promise<Page> {
  const cookie = await signInCookie(email, password);
  const { page, context } = await browser.newPage(options);
  const pairs = cookie.split("; ").map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: base }));
  await context.addCookies(pairs);
  return page;
}

export async function signUpCookie(name: string, email: string, password: string, server = base): Promise<string> {
  const response = await fetch(`${server}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { origin: server, "content-type": "application/json" },
    body: JSON.stringify({ name, email, password }),
  });
  if (!response.ok) throw new Error(`sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  return sessionCookie(response);
}

function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const session = cookies.filter((c) => c.includes("session_token"));
  if (session.length === 0) throw new Error("no session cookie was set");
  return session.join("; ");
}

/** Creates the personas that the seed does not have, and signs every one in: their cookies, and the learner's id. */
export async function preparePersonas(db: PrismaClient): Promise<{ cookies: Record<Persona, string>; learnerId: string }> {
  const tag = randomUUID().slice(0, 8);
  const password = "matrix-password-1";
  const learnerEmail = `matrix-learner-${tag}@example.test`;
  const learner = await signUpCookie("Matrix Learner", learnerEmail, password);
  const enrolledEmail = `matrix-enrolled-${tag}@example.test`;
  const enrolled = await signUpCookie("Matrix Enrolled", enrolledEmail, password);
  const taEmail = `matrix-ta-${tag}@example.test`;
  const ta = await signUpCookie("Matrix Assistant", taEmail, password);
  const otherEmail = `matrix-other-instructor-${tag}@example.test`;
  const otherInstructor = await signUpCookie("Other Instructor", otherEmail, password);

  await db.course.upsert({
    where: { id: OTHER_COURSE_ID },
    create: { id: OTHER_COURSE_ID, title: "Another course", summary: "For the authorization matrix.", contentHash: "m", position: 99 },
    update: {},
  });
  const enrolledUser = await db.user.findUniqueOrThrow({ where: { email: enrolledEmail } });
  await db.enrollment.create({ data: { userId: enrolledUser.id, courseId: COURSE_ID, role: "learner" } });
  const taUser = await db.user.findUniqueOrThrow({ where: { email: taEmail } });
  await db.enrollment.create({ data: { userId: taUser.id, courseId: COURSE_ID, role: "ta" } });
  const otherUser = await db.user.update({ where: { email: otherEmail }, data: { role: "instructor" } });
  await db.enrollment.create({ data: { userId: otherUser.id, courseId: OTHER_COURSE_ID, role: "instructor" } });

  const cookies = {
    anonymous: "",
    learner,
    enrolled,
    ta,
    otherInstructor,
    instructor: await signInCookie("instructor@pagewise.local", "pagewise-demo"),
    admin: await signInCookie("admin@pagewise.local", "pagewise-demo"),
  };
  return { cookies, learnerId: (await db.user.findUniqueOrThrow({ where: { email: learnerEmail } })).id };
}

/** A request as a persona, from the site's own pages (Origin set) unless told otherwise; never follows redirects. */
export async function call(
  cookie: string,
  method: string,
  path: string,
  options: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { origin: base, ...(cookie ? { cookie } : {}) };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  return fetch(`${base}${path}`, { method, headers: { ...headers, ...options.headers }, body, redirect: "manual" });
}
