import { describe, expect, it } from "vitest";
import { clearStateCookie, hasStateCookie, setStateCookie } from "./state-cookie";

describe("the login state cookie", () => {
  it("on https survives the platform's cross-site form post: SameSite=None, Secure, Partitioned, __Host-", () => {
    expect(setStateCookie("abc", 600, true)).toBe("__Host-lti_state_abc=1; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=None; Partitioned");
    expect(clearStateCookie("abc", true)).toContain("Max-Age=0");
  });

  it("on plain http is Lax (browsers refuse SameSite=None without Secure)", () => {
    expect(setStateCookie("abc", 600, false)).toBe("lti_state_abc=1; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
  });

  it("binds exactly its own state: two logins in flight have two cookies", () => {
    const header = "theme=dark; lti_state_one=1; lti_state_two=1";
    expect(hasStateCookie(header, "one", false)).toBe(true);
    expect(hasStateCookie(header, "two", false)).toBe(true);
    expect(hasStateCookie(header, "on", false)).toBe(false);
    expect(hasStateCookie(header, "one", true)).toBe(false);
    expect(hasStateCookie(null, "one", false)).toBe(false);
  });
});
