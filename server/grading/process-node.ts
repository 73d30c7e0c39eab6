import type { GradingNode } from "./grading-node";

/**
 * The web process's grading node lives on globalThis (Next re-evaluates modules in development, and
 * scripts/serve.ts, outside Next's module graph, must reach it to drain on SIGTERM). No "server-only" here, so
 * serve.ts can import it.
 */
const holder = globalThis as { pagewiseGrading?: Promise<GradingNode> };

export function processGradingNode(start: () => Promise<GradingNode>): Promise<GradingNode> {
  holder.pagewiseGrading ??= start();
  return holder.pagewiseGrading;
}

/** Drains and closes this process's grading, if it was started: running jobs finish and are stored. */
export async function closeProcessGradingNode(): Promise<void> {
  const node = holder.pagewiseGrading;
  if (node) await (await node).close();
}
