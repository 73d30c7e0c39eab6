"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "./auth-client";

export function SignOutButton() {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    await authClient.signOut();
    router.push("/");
    router.refresh();
  }
  return (
    <button type="button" className="button ghost" onClick={signOut} disabled={isPending}>
      {isPending ? "Signing out…" : "Sign out"}
    </button>
  );
}
