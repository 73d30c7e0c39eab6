import { z } from "zod";
import { ACCOUNT_RULES } from "../../contract/http/auth";
import { errorBodySchema } from "../../contract/http/errors";

// Why the server refused a sign-in or sign-up, in plain words. Two kinds of refusal reach the form: our own routes'
// ({ error: { code, message, fields } }: rate limits, bad input, a foreign origin) and better-auth's ({ code,
// message }: an existing account, a wrong password, a password of the wrong length).

const betterAuthErrorSchema = z.object({ code: z.string(), message: z.string().optional() });

const { passwordMinLength, passwordMaxLength } = ACCOUNT_RULES;

const EXISTING_ACCOUNT =
  "An account with this email address exists already. Sign in with it, or create an account with another address.";
const WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again.";

/** better-auth's codes (BASE_ERROR_CODES in @better-auth/core) that a learner can meet, in our words. */
const BETTER_AUTH_REFUSALS: Record<string, string> = {
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: EXISTING_ACCOUNT,
  USER_ALREADY_EXISTS: EXISTING_ACCOUNT,
  INVALID_EMAIL_OR_PASSWORD: WRONG_CREDENTIALS,
  INVALID_EMAIL: "This is not a complete email address: it should look like name@example.com.",
  INVALID_PASSWORD: "Enter a password.",
  PASSWORD_TOO_SHORT: `The password is too short: it needs at least ${passwordMinLength} characters.`,
  PASSWORD_TOO_LONG: `The password is too long: it can have at most ${passwordMaxLength} characters.`,
  FAILED_TO_CREATE_USER: "Your account could not be created just now. Please try again in a moment.",
  // server/auth-hooks.ts (ACCOUNT_DISABLED_CODE): an admin disabled the account in the console.
  ACCOUNT_DISABLED: "This account has been disabled by an administrator. Contact your course's staff to have it enabled again.",
};

/** Our routes' field paths (contract/http/auth.ts), as the form names its fields. */
const FIELD_NAMES: Record<string, string> = { name: "Name", email: "Email", password: "Password" };

/**
 * The sentence the form shows for a refused request: `status` is the HTTP status (0 when the server could not be
 * reached) and `body` the parsed JSON answer, if any. Every refusal gets a sentence that says what to do next.
 */
export function describeAuthRefusal(status: number, body: unknown): string {
  if (status === 0) return "Pagewise could not be reached. Check your connection and try again.";
  const ours = errorBodySchema.safeParse(body);
  if (ours.success) {
    const { code, message, fields } = ours.data.error;
    // A rate limit's message says which limit and when to try again ("... Try again in 40 seconds.").
    if (status === 429) return message;
    if (code === "invalid_request" && fields && fields.length > 0)
      return `Check the form: ${fields.map((f) => `${FIELD_NAMES[f.path] ?? f.path} ${f.message}`).join("; ")}.`;
    return message;
  }
  const betterAuth = betterAuthErrorSchema.safeParse(body);
  const known = betterAuth.success ? BETTER_AUTH_REFUSALS[betterAuth.data.code] : undefined;
  if (known) return known;
  if (status === 401) return WRONG_CREDENTIALS;
  if (status === 429) return "Too many attempts. Wait a minute and try again.";
  if (status >= 500) return `Something went wrong on our side (HTTP ${status}). Please try again in a moment.`;
  const message = betterAuth.success ? betterAuth.data.message : undefined;
  return message ? `${message} (HTTP ${status}).` : `The server refused this (HTTP ${status}). Please try again.`;
}
