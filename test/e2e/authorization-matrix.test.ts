import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { call, COURSE_ID, e2eDb, PERSONAS, preparePersonas, type Persona } from "./personas";
import { base } from "./steps";

/**
 * The authorization matrix: every page and route under app/, found from the file tree, tried as each of six
 * callers against the production server, with the status each must get. A new page or route without a row here
 * fails the first test; a row for something that no longer exists fails it too.
 */
const root = path.resolve(import.meta.dirname, "../..");
const db = e2eDb();
let cookies: Record<Persona, string>;
let learnerId: string;
let fixture: { submissionId: string; lessonId: string; checkId: string; answer: string; enrolledId: string };

type Expected = Record<Persona, number> | number;
interface Row {
  /** What the row checks, beyond the status. */
  request(): { method: string; path: string; json?: unknown; form?: Record<string, string> };
  expected: Expected;
  /** Where a 307 sends each persona, when not to sign in. */
  redirects?: Partial<Record<Persona, RegExp>>;
}

/** 401 anonymous, 403 not enrolled / other course's instructor, `ok` for the course's members. */
const members = (ok: number): Record<Persona, number> => ({ anonymous: 401, learner: 403, enrolled: ok, ta: ok, otherInstructor: 403, instructor: ok, admin: ok });
/** 401 anonymous, 403 for everyone but the course's staff (instructor, teaching assistant) and admins, `ok` for those. */
const staff = (ok: number): Record<Persona, number> => ({ anonymous: 401, learner: 403, enrolled: 403, ta: ok, otherInstructor: 403, instructor: ok, admin: ok });
/** What changes a course's settings: the course's instructor and admins; a teaching assistant is refused too. */
const instructors = (ok: number): Record<Persona, number> => ({ ...staff(ok), ta: 403 });
/** A page for the course's staff: a visitor is sent to sign in (307). */
const staffPage: Record<Persona, number> = { ...staff(200), anonymous: 307 };
/** A page for admins only. */
const adminPage: Record<Persona, number> = { anonymous: 307, learner: 403, enrolled: 403, ta: 403, otherInstructor: 403, instructor: 403, admin: 200 };
/** An admin route: 401 anonymous, 403 for every other signed-in user, `ok` for admins. */
const admins = (ok: number): Record<Persona, number> => ({ ...adminPage, anonymous: 401, admin: ok });
const EXERCISE = "walk-32";
const LESSON_SLUG = "two-level-paging";

const matrix: Record<string, Row> = {
  "GET /": { request: () => ({ method: "GET", path: "/" }), expected: 200 },
  "GET /courses": { request: () => ({ method: "GET", path: "/courses" }), expected: 200 },
  "GET /courses/[courseId]": { request: () => ({ method: "GET", path: `/courses/${COURSE_ID}` }), expected: 200 },
  // Lessons are public reading; the exercise panel inside is for members (the routes below enforce it).
  "GET /courses/[courseId]/[lessonSlug]": { request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/${LESSON_SLUG}` }), expected: 200 },
  "GET /courses/[courseId]/gradebook": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/gradebook` }),
    expected: staffPage,
  },
  // Extensions change the course's deadlines: instructors only.
  "GET /courses/[courseId]/extensions": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/extensions` }),
    expected: { ...staffPage, ta: 403 },
  },
  // An exercise as its staff run it (stats, windows; the regrade button for instructors).
  // An exercise's own address (where LMS links point): its staff's page; a learner of the course is sent on to the
  // exercise in its lesson.
  "GET /courses/[courseId]/exercises/[exerciseId]": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/exercises/${EXERCISE}` }),
    expected: { ...staffPage, enrolled: 307 },
    redirects: { enrolled: new RegExp(`/courses/${COURSE_ID}/${LESSON_SLUG}#exercise-${EXERCISE}$`) },
  },
  // Analytics (issue 15): the course's staff and admins.
  "GET /courses/[courseId]/analytics": { request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/analytics` }), expected: staffPage },
  "GET /courses/[courseId]/exercises/[exerciseId]/analytics": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/exercises/${EXERCISE}/analytics` }),
    expected: staffPage,
  },
  // A preview (dry run) of an exercise few specs submit to, so it adds little to the suite's grading queue.
  "POST /api/courses/[courseId]/exercises/[exerciseId]/regrades": {
    request: () => ({ method: "POST", path: `/api/courses/${COURSE_ID}/exercises/kmap-local/regrades`, json: { dryRun: true } }),
    expected: instructors(202),
  },
  "GET /api/courses/[courseId]/regrades/[runId]": {
    request: () => ({ method: "GET", path: `/api/courses/${COURSE_ID}/regrades/no-such-run` }),
    expected: instructors(404),
  },
  // The gradebook export: staff and admins.
  "GET /courses/[courseId]/gradebook.csv": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/gradebook.csv` }),
    expected: staff(200),
  },
  // The audit log: a course's for its staff and admins, the platform's for admins only (decision 0154).
  "GET /courses/[courseId]/audit": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/audit` }),
    expected: staffPage,
  },
  "GET /courses/[courseId]/audit.csv": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/audit.csv?action=override.set` }),
    expected: staff(200),
  },
  "GET /admin/audit": { request: () => ({ method: "GET", path: "/admin/audit" }), expected: adminPage },
  "GET /admin/audit.csv": { request: () => ({ method: "GET", path: "/admin/audit.csv?action=extension.grant" }), expected: admins(200) },
  // The admin console (issue 15): its pages, and its acts tried on ids that are not there (admins pass the rule
  // and get 404; everyone else is stopped before the lookup), so the matrix changes no one's account.
  "GET /admin": { request: () => ({ method: "GET", path: "/admin" }), expected: adminPage },
  "GET /admin/users": { request: () => ({ method: "GET", path: "/admin/users?q=matrix" }), expected: adminPage },
  "GET /admin/users/[userId]": { request: () => ({ method: "GET", path: `/admin/users/${fixture.enrolledId}` }), expected: adminPage },
  "GET /admin/courses": { request: () => ({ method: "GET", path: "/admin/courses" }), expected: adminPage },
  "GET /admin/health": { request: () => ({ method: "GET", path: "/admin/health" }), expected: adminPage },
  "PUT /api/admin/users/[userId]/role": {
    request: () => ({ method: "PUT", path: "/api/admin/users/no-such-user/role", json: { role: "instructor" } }),
    expected: admins(404),
  },
  "POST /api/admin/users/[userId]/disable": {
    request: () => ({ method: "POST", path: "/api/admin/users/no-such-user/disable", json: { reason: "authorization matrix" } }),
    expected: admins(404),
  },
  "POST /api/admin/users/[userId]/enable": {
    request: () => ({ method: "POST", path: "/api/admin/users/no-such-user/enable", json: {} }),
    expected: admins(404),
  },
  "GET /api/admin/courses/[courseId]/staff": { request: () => ({ method: "GET", path: `/api/admin/courses/${COURSE_ID}/staff` }), expected: admins(200) },
  "POST /api/admin/courses/[courseId]/staff": {
    request: () => ({ method: "POST", path: `/api/admin/courses/${COURSE_ID}/staff`, json: { email: "nobody@example.test", role: "ta" } }),
    expected: admins(404),
  },
  "DELETE /api/admin/courses/[courseId]/staff/[userId]": {
    request: () => ({ method: "DELETE", path: `/api/admin/courses/${COURSE_ID}/staff/no-such-user` }),
    expected: admins(404),
  },
  "POST /api/admin/submissions/[submissionId]/retry": {
    request: () => ({ method: "POST", path: "/api/admin/submissions/no-such-submission/retry", json: {} }),
    expected: admins(404),
  },
  // One learner's work: the course's staff and admins; everyone else 403 (a non-learner's id is a 404).
  "GET /courses/[courseId]/learners/[userId]": {
    request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/learners/${fixture.enrolledId}` }),
    expected: staffPage,
  },
  "POST /api/courses/[courseId]/overrides": {
    request: () => ({
      method: "POST",
      path: `/api/courses/${COURSE_ID}/overrides`,
      json: { userId: fixture.enrolledId, exerciseId: EXERCISE, score: 3, reason: "authorization matrix" },
    }),
    expected: staff(201),
  },
  // Extensions: the course's instructors (and admins) only; learners, teaching assistants and strangers get 403.
  "GET /api/courses/[courseId]/extensions": {
    request: () => ({ method: "GET", path: `/api/courses/${COURSE_ID}/extensions` }),
    expected: instructors(200),
  },
  "POST /api/courses/[courseId]/extensions": {
    request: () => ({
      method: "POST",
      path: `/api/courses/${COURSE_ID}/extensions`,
      json: { userEmail: "learner@pagewise.local", exerciseId: EXERCISE, until: "2099-01-01T00:00:00Z", credit: 100 },
    }),
    expected: instructors(201),
  },
  // An id that is not there: staff pass the rule and get 404; everyone else is stopped before the lookup.
  "DELETE /api/courses/[courseId]/extensions/[extensionId]": {
    request: () => ({ method: "DELETE", path: `/api/courses/${COURSE_ID}/extensions/no-such-extension` }),
    expected: instructors(404),
  },
  "GET /sign-in": { request: () => ({ method: "GET", path: "/sign-in" }), expected: 200 },
  "GET /sign-up": { request: () => ({ method: "GET", path: "/sign-up" }), expected: 200 },
  "GET /api/auth/[...all]": { request: () => ({ method: "GET", path: "/api/auth/get-session" }), expected: 200 },
  // The rest of better-auth's endpoints: one that does not exist is a 404 for everyone (after the request guard).
  "POST /api/auth/[...all]": { request: () => ({ method: "POST", path: "/api/auth/no-such-endpoint", json: {} }), expected: 404 },
  // Anyone may try to sign in; a wrong password is a 401 for everyone alike.
  "POST /api/auth/sign-in/email": {
    request: () => ({ method: "POST", path: "/api/auth/sign-in/email", json: { email: "nobody@example.test", password: "not-the-password" } }),
    expected: 401,
  },
  // Anyone may try to sign up; an email that has an account already is a 422 for everyone alike.
  "POST /api/auth/sign-up/email": {
    request: () => ({ method: "POST", path: "/api/auth/sign-up/email", json: { name: "Again", email: "learner@pagewise.local", password: "a-long-password" } }),
    expected: 422,
  },
  // Development only: production answers 404 to everyone.
  // Operations: liveness and readiness for anyone (a load balancer has no session); metrics need the bearer token.
  "GET /api/health": { request: () => ({ method: "GET", path: "/api/health" }), expected: 200 },
  "GET /api/ready": { request: () => ({ method: "GET", path: "/api/ready" }), expected: 200 },
  "GET /api/metrics": { request: () => ({ method: "GET", path: "/api/metrics" }), expected: 401 },
  "GET /api/dev/content-events": { request: () => ({ method: "GET", path: "/api/dev/content-events" }), expected: 404 },
  "PUT /api/drafts/[exerciseId]": {
    request: () => ({ method: "PUT", path: `/api/drafts/${EXERCISE}`, json: { code: "// a draft" } }),
    expected: members(204),
  },
  "GET /api/exercises/[exerciseId]/public-checks": {
    request: () => ({ method: "GET", path: `/api/exercises/${EXERCISE}/public-checks` }),
    expected: members(200),
  },
  "POST /api/knowledge-checks": {
    request: () => ({ method: "POST", path: "/api/knowledge-checks", json: { lessonId: fixture.lessonId, checkId: fixture.checkId, answer: fixture.answer } }),
    expected: members(200),
  },
  "POST /api/submissions": {
    request: () => ({ method: "POST", path: "/api/submissions", json: { exerciseId: EXERCISE, code: "export function translate() { return null; }" } }),
    expected: members(202),
  },
  // LTI (issue 16, decision 0158). The LMS-facing routes are for anyone, proven by what they carry: an issuer that
  // is not registered, a state nobody issued, each a 400 page for everyone alike.
  "GET /api/lti/jwks": { request: () => ({ method: "GET", path: "/api/lti/jwks" }), expected: 200 },
  "GET /api/lti/login": {
    request: () => ({ method: "GET", path: `/api/lti/login?iss=${encodeURIComponent("https://lms.example.edu")}&login_hint=x&target_link_uri=${encodeURIComponent(`${base}/courses`)}` }),
    expected: 400,
  },
  "POST /api/lti/login": {
    request: () => ({ method: "POST", path: "/api/lti/login", form: { iss: "https://lms.example.edu", login_hint: "x", target_link_uri: `${base}/courses` } }),
    expected: 400,
  },
  "POST /api/lti/launch": { request: () => ({ method: "POST", path: "/api/lti/launch", form: { id_token: "x.y.z", state: "never-issued" } }), expected: 400 },
  "GET /lti/deep-linking": { request: () => ({ method: "GET", path: "/lti/deep-linking" }), expected: 200 },
  // A deep-linking request belongs to the instructor who launched it: an unknown one is a 404 for every user.
  "GET /lti/deep-linking/[linkId]": {
    request: () => ({ method: "GET", path: "/lti/deep-linking/no-such-link" }),
    expected: { anonymous: 307, learner: 404, enrolled: 404, ta: 404, otherInstructor: 404, instructor: 404, admin: 404 },
  },
  "POST /api/lti/deep-linking/[linkId]": {
    request: () => ({ method: "POST", path: "/api/lti/deep-linking/no-such-link", json: { items: [{ kind: "course", id: COURSE_ID }] } }),
    expected: { anonymous: 401, learner: 404, enrolled: 404, ta: 404, otherInstructor: 404, instructor: 404, admin: 404 },
  },
  "GET /courses/[courseId]/lti": { request: () => ({ method: "GET", path: `/courses/${COURSE_ID}/lti` }), expected: staffPage },
  // No LMS course is bound to the demo course: its instructors pass the rule and hear so (409).
  "POST /api/courses/[courseId]/lti/roster": { request: () => ({ method: "POST", path: `/api/courses/${COURSE_ID}/lti/roster` }), expected: instructors(409) },
  "GET /admin/lti": { request: () => ({ method: "GET", path: "/admin/lti" }), expected: adminPage },
  // An invalid registration: admins pass the rule and get 400 (a real one would open framing to it for other suites).
  "POST /api/admin/lti/platforms": { request: () => ({ method: "POST", path: "/api/admin/lti/platforms", json: { issuer: "not a url" } }), expected: admins(400) },
  "POST /api/admin/lti/keys/rotate": { request: () => ({ method: "POST", path: "/api/admin/lti/keys/rotate" }), expected: admins(200) },
  "POST /api/admin/lti/scores/[scoreId]/retry": { request: () => ({ method: "POST", path: "/api/admin/lti/scores/no-such-score/retry", json: {} }), expected: admins(404) },
  "GET /api/submissions": { request: () => ({ method: "GET", path: `/api/submissions?exerciseId=${EXERCISE}` }), expected: members(200) },
  // The enrolled learner's own submission: everyone else, staff included, gets the same 404 as for a missing id.
  "GET /api/submissions/[submissionId]": {
    request: () => ({ method: "GET", path: `/api/submissions/${fixture.submissionId}` }),
    expected: { anonymous: 401, learner: 404, enrolled: 200, ta: 404, otherInstructor: 404, instructor: 404, admin: 404 },
  },
};

/** "GET /courses/[courseId]" for every page.tsx, and one line per exported method of every route.ts. */
function discoverEndpoints(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      const urlPath = `/${path.relative(path.join(root, "app"), dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`.replace(/\/$/, "") || "/";
      if (entry.name === "page.tsx") found.push(`GET ${urlPath}`);
      if (entry.name === "route.ts") {
        const source = readFileSync(full, "utf8");
        for (const match of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) {
          found.push(`${match[1]} ${urlPath}`);
        }
      }
    }
  };
  walk(path.join(root, "app"));
  return found.sort();
}

beforeAll(async () => {
  ({ cookies, learnerId } = await preparePersonas(db));
  const submitted = await call(cookies.enrolled, "POST", "/api/submissions", { json: { exerciseId: EXERCISE, code: "export const mine = 1;" } });
  expect(submitted.status).toBe(202);
  const { submission } = (await submitted.json()) as { submission: { id: string } };
  const [course] = (await loadCourses(path.join(root, "content"))).filter((c) => c.id === COURSE_ID);
  const lesson = course?.modules.flatMap((m) => m.lessons).find((l) => l.knowledgeChecks.some((check) => check.kind === "multiple-choice"));
  const check = lesson?.knowledgeChecks.find((c) => c.kind === "multiple-choice");
  if (!lesson || !check || check.kind !== "multiple-choice") throw new Error("the demo course has no multiple-choice knowledge check");
  fixture = {
    submissionId: submission.id,
    lessonId: lesson.id,
    checkId: check.id,
    answer: check.options[0]?.id ?? "",
    enrolledId: (await db.submission.findUniqueOrThrow({ where: { id: submission.id } })).userId,
  };
});

afterAll(() => db.$disconnect());

describe("authorization matrix", () => {
  it("has exactly one row for every page and route handler under app/", () => {
    expect(Object.keys(matrix).sort()).toEqual(discoverEndpoints());
  });

  for (const [endpoint, row] of Object.entries(matrix)) {
    it(`${endpoint}: ${describeExpected(row.expected)}`, async () => {
      const statuses: Partial<Record<Persona, number>> = {};
      for (const persona of PERSONAS) {
        const { method, path: urlPath, json, form } = row.request();
        const options = form ? { body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } } : json === undefined ? {} : { json };
        const response = await call(cookies[persona], method, urlPath, options);
        statuses[persona] = response.status;
        if (response.status === 307) expect(response.headers.get("location")).toMatch(row.redirects?.[persona] ?? /\/sign-in\?next=/);
        await response.body?.cancel();
      }
      const expected = typeof row.expected === "number" ? Object.fromEntries(PERSONAS.map((p) => [p, row.expected])) : row.expected;
      expect(statuses).toEqual(expected);
    });
  }
});

describe("other learners' work (IDOR)", () => {
  it("a learner cannot read another learner's submission by id, nor see it in their own list", async () => {
    const stranger = cookies.learner;
    const read = await call(stranger, "GET", `/api/submissions/${fixture.submissionId}`);
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("export const mine");
    // Enrolled in the course now, the stranger lists the exercise's submissions: only their own (none).
    await db.enrollment.upsert({
      where: { userId_courseId: { userId: learnerId, courseId: COURSE_ID } },
      create: { userId: learnerId, courseId: COURSE_ID, role: "learner" },
      update: {},
    });
    const list = await call(stranger, "GET", `/api/submissions?exerciseId=${EXERCISE}`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { submissions: unknown[] }).submissions).toEqual([]);
    expect((await call(stranger, "GET", `/api/submissions/${fixture.submissionId}`)).status).toBe(404);
  });

  it("a draft saved by one learner is not another's: each PUT writes only the caller's own row", async () => {
    await call(cookies.enrolled, "PUT", `/api/drafts/${EXERCISE}`, { json: { code: "// the enrolled learner's draft" } });
    await call(cookies.instructor, "PUT", `/api/drafts/${EXERCISE}`, { json: { code: "// the instructor's draft" } });
    const drafts = await db.draft.findMany({ where: { exerciseId: EXERCISE, code: { startsWith: "// the " } } });
    expect(drafts.map((d) => d.code).sort()).toEqual(["// the enrolled learner's draft", "// the instructor's draft"]);
  });

  it("a learner's result is readable only by its owner, even while it is being graded (long poll)", async () => {
    const poll = await call(cookies.otherInstructor, "GET", `/api/submissions/${fixture.submissionId}?waitMs=2000`);
    expect(poll.status).toBe(404);
  });
});

function describeExpected(expected: Expected): string {
  if (typeof expected === "number") return `${expected} for everyone`;
  return PERSONAS.map((p) => `${p} ${expected[p]}`).join(", ");
}
