import type { RegradeProgress } from "../../server/regrade/runs";

/** One line that redraws itself on a terminal: `[########------------]  40%  12/30 regraded, 2 changed, 0 failed`. */
export function progressLine(progress: RegradeProgress, width = 28): string {
  const finished = progress.regraded + progress.failed;
  const ratio = progress.total === 0 ? 1 : finished / progress.total;
  const filled = Math.round(ratio * width);
  const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
  return `[${bar}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${finished}/${progress.total} regraded, ${progress.changed} changed, ${progress.failed} failed`;
}

/** The closing summary, in words: what ran, what changed (old -> new, per learner), what failed. */
export function summaryLines(progress: RegradeProgress): string[] {
  const what = progress.dryRun ? "Dry run: would regrade" : "Regraded";
  const lines = [
    `${what} ${progress.regraded} of ${progress.total} submission(s) of ${progress.exerciseId} against version ${progress.exerciseVersion}: ` +
      `${progress.changed} ${progress.dryRun ? "would change" : "changed"}, ${progress.regraded - progress.changed} unchanged, ${progress.failed} failed.`,
  ];
  for (const change of progress.changes) lines.push(`  ${change.email}: ${format(change.oldScore)} -> ${format(change.newScore)}  (submission ${change.submissionId})`);
  for (const failure of progress.failures) lines.push(`  failed: ${failure}`);
  if (progress.dryRun && progress.changed > 0) lines.push("Nothing was changed. Run it again without --dry-run to apply these grades.");
  return lines;
}

/** The --json line: counts, and every changed submission with its old and new score. */
export function summaryJson(progress: RegradeProgress): string {
  return JSON.stringify({
    runId: progress.runId,
    exerciseId: progress.exerciseId,
    exerciseVersion: progress.exerciseVersion,
    dryRun: progress.dryRun,
    total: progress.total,
    regraded: progress.regraded,
    changed: progress.changed,
    unchanged: progress.regraded - progress.changed,
    failed: progress.failed,
    changes: progress.changes.map((c) => ({ submissionId: c.submissionId, userId: c.userId, email: c.email, oldScore: c.oldScore, newScore: c.newScore })),
    failures: progress.failures,
  });
}

function format(score: number | null): string {
  return score === null ? "none" : String(score);
}
