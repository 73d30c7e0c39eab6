"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { ACCOUNT_RULES } from "../../contract/http/auth";
import { findEmailProblem, findNameProblem, passwordRules } from "./account-rules";
import { authClient } from "./auth-client";
import { describeAuthRefusal } from "./auth-refusal";
import { PasswordRules } from "./password-rules";
import { safeRedirectPath } from "./safe-redirect";

type Mode = "sign-in" | "sign-up";
type Field = "name" | "email" | "password";

/**
 * Email + password form for both signing in and signing up. Signing up lists the password rules under the field
 * and marks each as the learner types; a name or email the server would refuse is explained under its field from
 * the first try to submit on, and the form is not sent until all are right. Every refusal from the server is
 * explained in words (auth-refusal.ts), never swallowed.
 */
export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const baseId = useId();
  const isSignUp = mode === "sign-up";
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  // Problems show from the first try to submit on, then follow the typing. Not on leaving a field: a message
  // appearing then would move the Create account button out from under the pointer between press and release.
  const [isChecked, setChecked] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);
  const fieldRefs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  // Signing in checks nothing here: the server's answer says whether the account and password match.
  const nameProblem = isSignUp ? findNameProblem(values.name) : null;
  const emailProblem = isSignUp ? findEmailProblem(values.email) : null;
  const rules = passwordRules(values.password);
  const isPasswordAccepted = !isSignUp || rules.every((rule) => rule.isMet);
  const firstInvalid: Field | null = nameProblem
    ? "name"
    : emailProblem
      ? "email"
      : isPasswordAccepted
        ? null
        : "password";
  const setValue = (field: Field, value: string) => setValues((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRefusal(null);
    setChecked(true);
    if (firstInvalid) {
      // Focus lands on the field whose explanation (its aria-describedby) says what to change.
      fieldRefs[firstInvalid].current?.focus();
      return;
    }
    setPending(true);
    const email = values.email.trim();
    let result: Awaited<ReturnType<typeof authClient.signIn.email>>;
    try {
      result = isSignUp
        ? await authClient.signUp.email({ email, password: values.password, name: values.name.trim() })
        : await authClient.signIn.email({ email, password: values.password });
    } catch {
      // The request never got an answer (offline, server down): better-fetch throws rather than returning an error.
      setPending(false);
      setRefusal(describeAuthRefusal(0, null));
      return;
    }
    setPending(false);
    if (result.error) {
      // better-fetch spreads the answer's JSON into the error beside its status.
      setRefusal(describeAuthRefusal(result.error.status, result.error));
      return;
    }
    // Only same-origin paths: an open redirect would let a link send a fresh session elsewhere.
    router.push(safeRedirectPath(searchParams.get("next"), "/courses"));
    router.refresh();
  }

  const problemId = (field: Field) => `${baseId}-${field}-problem`;
  const rulesId = `${baseId}-password-rules`;
  return (
    <form className="form" onSubmit={onSubmit} noValidate={isSignUp}>
      {isSignUp ? (
        <div className="field">
          <label>
            Name
            <input
              ref={fieldRefs.name}
              type="text"
              name="name"
              autoComplete="name"
              required
              value={values.name}
              onChange={(event) => setValue("name", event.target.value)}
              aria-invalid={isChecked && nameProblem !== null}
              aria-describedby={problemId("name")}
            />
          </label>
          <p id={problemId("name")} className="field-problem" aria-live="polite">
            {isChecked ? nameProblem : null}
          </p>
        </div>
      ) : null}
      <div className="field">
        <label>
          Email
          <input
            ref={fieldRefs.email}
            type="email"
            name="email"
            autoComplete="email"
            required
            maxLength={isSignUp ? undefined : ACCOUNT_RULES.emailMaxLength}
            value={values.email}
            onChange={(event) => setValue("email", event.target.value)}
            aria-invalid={isChecked && emailProblem !== null}
            aria-describedby={isSignUp ? problemId("email") : undefined}
          />
        </label>
        {isSignUp ? (
          <p id={problemId("email")} className="field-problem" aria-live="polite">
            {isChecked ? emailProblem : null}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label>
          Password
          <input
            ref={fieldRefs.password}
            type="password"
            name="password"
            autoComplete={isSignUp ? "new-password" : "current-password"}
            required
            // Signing up, a password of the wrong length is explained by the rules below rather than cut short.
            minLength={isSignUp ? undefined : ACCOUNT_RULES.passwordMinLength}
            maxLength={isSignUp ? undefined : ACCOUNT_RULES.passwordMaxLength}
            value={values.password}
            onChange={(event) => setValue("password", event.target.value)}
            aria-invalid={(values.password !== "" || isChecked) && !isPasswordAccepted}
            aria-describedby={isSignUp ? rulesId : undefined}
          />
        </label>
        {isSignUp ? <PasswordRules id={rulesId} rules={rules} hasTyped={values.password !== "" || isChecked} /> : null}
      </div>
      {refusal ? (
        <p className="alert error" role="alert">
          {refusal}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={isPending}>
        {isPending ? "Please wait…" : isSignUp ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}
