"use client";

import { formatWhen } from "../format/when";
import type { ScheduleView } from "../../contract/access";
import type { AccessDecision } from "../../content/kit/access";
import { formatCountdown, useAccess } from "./use-access";

/**
 * The exercise's current access window for this learner: its credit, when it ends (in their own time zone) and a
 * countdown; or when it opens, or that it closed. Nothing for an exercise that is always open.
 */
export function AccessStatus({ schedule, compact = false }: { schedule: ScheduleView | null; compact?: boolean }) {
  const { decision, now } = useAccess(schedule);
  if (!schedule || !decision || (decision.open && decision.reason === "always_open")) return null;
  const { text, tone } = describe(decision, schedule, now, compact);
  return (
    <span className={`access-status ${tone}`} data-testid="access-status" data-state={decision.reason} suppressHydrationWarning>
      {text}
    </span>
  );
}

function describe(decision: AccessDecision, schedule: ScheduleView, now: number, compact: boolean): { text: string; tone: "ok" | "warn" | "closed" } {
  if (!decision.open) {
    if (decision.reason === "not_open_yet") {
      return { text: `Opens ${formatWhen(decision.opensAt)} (in ${formatCountdown(decision.opensAt.getTime(), now)})${schedule.exempt ? " · staff may submit now" : ""}`, tone: "warn" };
    }
    return { text: `Closed ${formatWhen(decision.closedAt)}${schedule.exempt ? " for learners · staff may still submit" : ""}`, tone: "closed" };
  }
  const left = decision.changesAt ? ` · ${formatCountdown(decision.changesAt.getTime(), now)} left` : "";
  const until = decision.changesAt ? ` until ${formatWhen(decision.changesAt)}` : "";
  switch (decision.reason) {
    case "on_time": {
      const next = schedule.windows?.[1];
      const then = !compact && next ? `; then ${next.credit}% credit until ${formatWhen(new Date(next.until))}` : "";
      return { text: `Due ${formatWhen(decision.changesAt ?? new Date(now))}: ${decision.credit}% credit${left}${then}`, tone: "ok" };
    }
    case "late":
      return { text: `Late: ${decision.credit}% credit${until}${left}`, tone: "warn" };
    case "grace": {
      const days = `${decision.graceDays} grace day${decision.graceDays === 1 ? "" : "s"}`;
      return { text: `Late: ${decision.credit}% credit using ${days}${until}${left}`, tone: "warn" };
    }
    case "extension":
      return { text: `Extension: ${decision.credit}% credit${until}${left}`, tone: "ok" };
    case "always_open":
      return { text: "", tone: "ok" };
  }
}

