import { describe, expect, it } from "vitest";
import { ACCOUNT_RULES } from "../../contract/http/auth";
import { findEmailProblem, findNameProblem, passwordRules } from "./account-rules";

const met = (password: string) => Object.fromEntries(passwordRules(password).map((rule) => [rule.id, rule.isMet]));

describe("the sign-up form's rules", () => {
  it("marks the password's length rules at the server's own bounds", () => {
    const { passwordMinLength: min, passwordMaxLength: max } = ACCOUNT_RULES;
    expect(met("x".repeat(min - 1))).toEqual({ "min-length": false, "max-length": true });
    expect(met("x".repeat(min))).toEqual({ "min-length": true, "max-length": true });
    expect(met("x".repeat(max))).toEqual({ "min-length": true, "max-length": true });
    expect(met("x".repeat(max + 1))).toEqual({ "min-length": true, "max-length": false });
    expect(passwordRules("x".repeat(max + 1)).find((rule) => rule.id === "max-length")?.text).toBe(
      `At most ${max} characters (this one has ${max + 1})`,
    );
  });

  it("asks for a name, trimmed, no longer than the server takes", () => {
    expect(findNameProblem("   ")).toMatch(/^Enter your name/);
    expect(findNameProblem(` ${"a".repeat(ACCOUNT_RULES.nameMaxLength)} `)).toBeNull();
    expect(findNameProblem("a".repeat(ACCOUNT_RULES.nameMaxLength + 1))).toMatch(
      /at most 80 characters; this one has 81/,
    );
  });

  it("asks for a whole email address, as the server's schema checks it", () => {
    expect(findEmailProblem("")).toMatch(/^Enter your email address/);
    expect(findEmailProblem("ada@")).toMatch(/not a complete email address/);
    expect(findEmailProblem("ada example.com")).toMatch(/not a complete email address/);
    expect(findEmailProblem(" ada@example.com ")).toBeNull();
    expect(findEmailProblem(`${"a".repeat(250)}@example.com`)).toMatch(/at most 254 characters/);
  });
});
