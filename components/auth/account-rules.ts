import { ACCOUNT_RULES, signUpEmailSchema } from "../../contract/http/auth";

// The sign-up form's rules, as a learner reads them: the same numbers and email check the server enforces
// (contract/http/auth.ts), so what the form accepts the server accepts, and the reverse.

/** One password rule and whether the password typed so far meets it. */
export interface PasswordRule {
  id: "min-length" | "max-length";
  text: string;
  isMet: boolean;
}

/** Every password rule, met or not, in the order the form lists them. */
export function passwordRules(password: string): PasswordRule[] {
  const { passwordMinLength, passwordMaxLength } = ACCOUNT_RULES;
  return [
    { id: "min-length", text: `At least ${passwordMinLength} characters`, isMet: password.length >= passwordMinLength },
    {
      id: "max-length",
      text:
        password.length > passwordMaxLength
          ? `At most ${passwordMaxLength} characters (this one has ${password.length})`
          : `At most ${passwordMaxLength} characters`,
      isMet: password.length <= passwordMaxLength,
    },
  ];
}

/** What is wrong with the name, in words, or null when the server will take it (the form sends it trimmed). */
export function findNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Enter your name: it is how your instructors will know you.";
  if (trimmed.length > ACCOUNT_RULES.nameMaxLength)
    return `Your name can be at most ${ACCOUNT_RULES.nameMaxLength} characters; this one has ${trimmed.length}.`;
  return null;
}

/** What is wrong with the email address, in words, or null when the server will take it (sent trimmed). */
export function findEmailProblem(email: string): string | null {
  const trimmed = email.trim();
  if (trimmed === "") return "Enter your email address: you sign in with it.";
  if (trimmed.length > ACCOUNT_RULES.emailMaxLength)
    return `An email address can be at most ${ACCOUNT_RULES.emailMaxLength} characters; this one has ${trimmed.length}.`;
  if (!signUpEmailSchema.safeParse(trimmed).success)
    return "This is not a complete email address: it should look like name@example.com.";
  return null;
}
