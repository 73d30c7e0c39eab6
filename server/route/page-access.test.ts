import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../session";

// The page helpers' decisions, with Next's navigation functions replaced by throws that name what they would do
// (the real ones render pages; test/e2e/authorization-matrix.test.ts checks those statuses on the real server).
const state = vi.hoisted(() => ({
  user: null as CurrentUser | null,
  courseRole: null as "learner" | "ta" | "instructor" | null,
  courseExists: true,
}));

vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
  notFound: () => {
    throw new Error("notFound");
  },
}));
vi.mock("../session", () => ({ findCurrentUser: async () => state.user }));
vi.mock("../courses", () => ({
  findCourseRole: async () => state.courseRole,
  isCourseStaff: (role: string | null) => role === "ta" || role === "instructor",
}));
vi.mock("../db", () => ({
  getDb: () => ({ course: { findUnique: async () => (state.courseExists ? { id: "c" } : null) } }),
}));

const { requireAdmin, requireEnrolled, requireInstructor, requireStaff, requireSignedIn, findCourseAccess } = await import("./page-access");

const user = (role: CurrentUser["role"]): CurrentUser => ({ id: "u", name: "U", email: "u@example.test", role });

async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "allowed";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

beforeEach(() => {
  state.user = null;
  state.courseRole = null;
  state.courseExists = true;
});

describe("page access helpers", () => {
  it("send visitors to sign in and back to the page they asked for", async () => {
    expect(await outcome(requireSignedIn("/courses/c/gradebook"))).toBe("redirect /sign-in?next=%2Fcourses%2Fc%2Fgradebook");
    expect(await outcome(requireInstructor("c", "/courses/c/gradebook"))).toBe("redirect /sign-in?next=%2Fcourses%2Fc%2Fgradebook");
    expect(await outcome(requireAdmin("/admin"))).toBe("redirect /sign-in?next=%2Fadmin");
  });

  it("give a signed-in user without the role the 403 page", async () => {
    state.user = user("learner");
    expect(await outcome(requireEnrolled("c", "/x"))).toBe("forbidden");
    state.courseRole = "learner";
    expect(await outcome(requireEnrolled("c", "/x"))).toBe("allowed");
    expect(await outcome(requireInstructor("c", "/x"))).toBe("forbidden");
    expect(await outcome(requireAdmin("/x"))).toBe("forbidden");
    expect(await outcome(requireStaff("c", "/x"))).toBe("forbidden");
    state.courseRole = "ta";
    expect(await outcome(requireStaff("c", "/x"))).toBe("allowed");
    expect(await outcome(requireInstructor("c", "/x"))).toBe("forbidden");
    state.courseRole = "instructor";
    expect(await outcome(requireInstructor("c", "/x"))).toBe("allowed");
    expect(await outcome(requireStaff("c", "/x"))).toBe("allowed");
    state.user = user("admin");
    expect(await outcome(requireAdmin("/x"))).toBe("allowed");
  });

  it("give an unknown course the 404 page before asking anyone to sign in", async () => {
    state.courseExists = false;
    expect(await outcome(requireInstructor("nope", "/x"))).toBe("notFound");
    expect(await outcome(requireEnrolled("nope", "/x"))).toBe("notFound");
  });

  it("tell public pages who is looking and their role in the course, without refusing anyone", async () => {
    expect(await findCourseAccess("c")).toEqual({ user: null, role: null });
    state.user = user("learner");
    state.courseRole = "learner";
    expect(await findCourseAccess("c")).toEqual({ user: state.user, role: "learner" });
  });
});
