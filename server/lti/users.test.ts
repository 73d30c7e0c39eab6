import { describe, expect, it } from "vitest";
import { courseRoleFromLti } from "./users";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership";

describe("courseRoleFromLti", () => {
  it("makes context instructors, administrators and content developers instructors", () => {
    expect(courseRoleFromLti([`${MEMBERSHIP}#Instructor`])).toBe("instructor");
    expect(courseRoleFromLti([`${MEMBERSHIP}#Administrator`])).toBe("instructor");
    expect(courseRoleFromLti([`${MEMBERSHIP}#ContentDeveloper`])).toBe("instructor");
    expect(courseRoleFromLti(["Instructor"])).toBe("instructor");
  });

  it("makes a teaching assistant (an Instructor sub-role) a TA even when Instructor is listed too", () => {
    expect(courseRoleFromLti([`${MEMBERSHIP}#Instructor`, `${MEMBERSHIP}/Instructor#TeachingAssistant`])).toBe("ta");
  });

  it("gives learners, and institution or system roles alone, the learner role", () => {
    expect(courseRoleFromLti([`${MEMBERSHIP}#Learner`])).toBe("learner");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"])).toBe("learner");
    expect(courseRoleFromLti([])).toBe("learner");
  });
});
