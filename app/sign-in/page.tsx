import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuthForm } from "@/components/auth/auth-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="page-narrow stack">
      <h1>Sign in</h1>
      <Suspense>
        <AuthForm mode="sign-in" />
      </Suspense>
      <p className="muted">
        New here? <Link href="/sign-up">Create an account</Link>.
      </p>
    </div>
  );
}
