import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AuthForm } from "@/components/auth/auth-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <div className="page-narrow stack">
      <h1>Create your account</h1>
      <Suspense>
        <AuthForm mode="sign-up" />
      </Suspense>
      <p className="muted">
        Have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </div>
  );
}
