"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "./auth-client";
import { safeRedirectPath } from "./safe-redirect";

type Mode = "sign-in" | "sign-up";

/** Email + password form for both signing in and signing up; errors are shown, never swallowed. */
export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const name = String(data.get("name") ?? "").trim();
    setError(null);
    setPending(true);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name })
        : await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(describeAuthError(result.error.status, result.error.message));
      return;
    }
    // Only same-origin paths: an open redirect would let a link send a fresh session elsewhere.
    router.push(safeRedirectPath(searchParams.get("next"), "/courses"));
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate={false}>
      {mode === "sign-up" ? (
        <label>
          Name
          <input type="text" name="name" autoComplete="name" required maxLength={80} />
        </label>
      ) : null}
      <label>
        Email
        <input type="email" name="email" autoComplete="email" required maxLength={254} />
      </label>
      <label>
        Password
        <input
          type="password"
          name="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          required
          minLength={8}
          maxLength={128}
        />
      </label>
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={isPending}>
        {isPending ? "Please wait…" : mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}

function describeAuthError(status: number, message: string | undefined): string {
  if (status === 401) return "That email and password do not match an account.";
  if (status === 422) return message ?? "An account with this email exists already.";
  if (status === 429) return "Too many attempts. Wait a minute and try again.";
  return message ?? `Something went wrong (HTTP ${status}). Try again.`;
}
