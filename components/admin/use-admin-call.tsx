"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "../api/call-api";

export type CallMessage = { tone: "ok" | "error"; text: string } | null;

/**
 * One admin act from a form: runs `work`, shows its outcome in words (the server's own sentence on a refusal) and
 * refreshes the page's server-rendered data on success. `busy` disables the form meanwhile.
 */
export function useAdminCall() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<CallMessage>(null);
  async function run(work: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ tone: "ok", text: await work() });
      router.refresh();
    } catch (reason) {
      setMessage({ tone: "error", text: reason instanceof ApiError ? reason.message : String(reason) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, run };
}

/** The outcome line under a form: a status for success, an alert for a refusal. */
export function CallOutcome({ message }: { message: CallMessage }) {
  if (!message) return null;
  return (
    <p className={`alert ${message.tone}`} role={message.tone === "error" ? "alert" : "status"}>
      {message.text}
    </p>
  );
}
