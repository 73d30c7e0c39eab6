"use client";

import { useEffect, useMemo, useState } from "react";
import type { ScheduleView } from "../../contract/access";
import { accessAt, type AccessDecision, type LearnerSchedule } from "../../content/kit/access";

/** The schedule with its times as Dates, as content/kit/access.ts takes it. */
export function toLearnerSchedule(view: ScheduleView): LearnerSchedule {
  return {
    windows: view.windows,
    extension: view.extension ? { until: new Date(view.extension.until), credit: view.extension.credit } : null,
    grace: view.grace,
  };
}

/**
 * The access decision now, and the time it was made for, re-decided every second so a countdown ticks and a
 * window that ends while the page is open ends on screen too (the server decides again when the code is submitted).
 */
export function useAccess(view: ScheduleView | null): { decision: AccessDecision | null; now: number } {
  const schedule = useMemo(() => (view ? toLearnerSchedule(view) : null), [view]);
  const [now, setNow] = useState(() => Date.now());
  const timed = schedule !== null && schedule.windows !== null;
  useEffect(() => {
    if (!timed) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [timed]);
  return { decision: schedule ? accessAt(schedule, new Date(now)) : null, now };
}

/** "3d 4h", "4h 12m", "12m 30s", "45s": how long until `target`, to the two largest units. */
export function formatCountdown(targetMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((targetMs - nowMs) / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}
