import { describe, expect, it } from "vitest";
import { describeAuthRefusal } from "./auth-refusal";

// The bodies below are the real shapes: better-auth's { code, message } and our routes' { error: { ... } }, as
// better-fetch hands them to the form (the JSON spread beside status and statusText).

describe("a refused sign-in or sign-up, in words", () => {
  it("an existing account, a wrong password, and better-auth's length checks", () => {
    const existing = {
      code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
      message: "User already exists. Use another email.",
      status: 422,
    };
    expect(describeAuthRefusal(422, existing)).toMatch(/^An account with this email address exists already\. Sign in/);
    expect(
      describeAuthRefusal(401, { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" }),
    ).toMatch(/do not match an account/);
    expect(describeAuthRefusal(400, { code: "PASSWORD_TOO_SHORT", message: "Password too short" })).toBe(
      "The password is too short: it needs at least 8 characters.",
    );
    expect(describeAuthRefusal(400, { code: "PASSWORD_TOO_LONG", message: "Password too long" })).toBe(
      "The password is too long: it can have at most 128 characters.",
    );
    expect(describeAuthRefusal(400, { code: "INVALID_EMAIL", message: "Invalid email" })).toMatch(/name@example\.com/);
  });

  it("a disabled account says so and whom to ask", () => {
    const disabled = { code: "ACCOUNT_DISABLED", message: "This account has been disabled by an administrator." };
    expect(describeAuthRefusal(403, disabled)).toMatch(/^This account has been disabled by an administrator\. Contact your course's staff/);
  });

  it("our routes' refusals: the rate limit says when, bad input names the field", () => {
    const limited = {
      error: { code: "rate_limited", message: "Too many attempts from your network. Try again in 40 seconds." },
    };
    expect(describeAuthRefusal(429, limited)).toBe("Too many attempts from your network. Try again in 40 seconds.");
    const invalid = {
      error: {
        code: "invalid_request",
        message: "The request is not valid: email: must be an email address",
        fields: [{ path: "email", message: "must be an email address" }],
      },
    };
    expect(describeAuthRefusal(400, invalid)).toBe("Check the form: Email must be an email address.");
    const foreign = {
      error: {
        code: "bad_origin",
        message: "This request came from http://evil.test, not from this site's own pages.",
      },
    };
    expect(describeAuthRefusal(403, foreign)).toBe(foreign.error.message);
  });

  it("no answer, an unknown code, a server failure", () => {
    expect(describeAuthRefusal(0, null)).toMatch(/could not be reached/);
    expect(describeAuthRefusal(429, {})).toMatch(/Too many attempts/);
    expect(describeAuthRefusal(502, null)).toMatch(/on our side \(HTTP 502\)/);
    expect(describeAuthRefusal(400, { code: "SOMETHING_NEW", message: "Something new" })).toBe(
      "Something new (HTTP 400).",
    );
    expect(describeAuthRefusal(418, "teapot")).toBe("The server refused this (HTTP 418). Please try again.");
  });
});
