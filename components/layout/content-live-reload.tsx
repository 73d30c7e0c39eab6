"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * In `npm run dev`, re-renders the page when a file under content/ changes (an instructor editing a lesson sees it
 * at once). Renders nothing; in production builds the effect is compiled out.
 */
export function ContentLiveReload() {
  const router = useRouter();
  useEffect(() => {
    if (process.env.NODE_ENV !== "development") return;
    const events = new EventSource("/api/dev/content-events");
    events.addEventListener("content", () => router.refresh());
    return () => events.close();
  }, [router]);
  return null;
}
