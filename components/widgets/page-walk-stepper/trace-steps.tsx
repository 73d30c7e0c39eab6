import type { TraceView } from "../../../sim/index";
import { entryUseAt, formatOfTrace } from "./entry-bits";
import { WalkStepCard } from "./walk-step-card";

/**
 * A whole trace (a walk on the wire: hex strings, no indices) as the stepper draws it: every step's card, then how
 * the walk ended. The format is read from the level names; MAXPHYADDR and NXE are sim's defaults.
 */
export function TraceSteps({ trace }: { trace: TraceView }) {
  const format = formatOfTrace(trace);
  return (
    <div className="pws-trace">
      {trace.steps.map((step, i) => (
        <WalkStepCard key={i} step={step} format={format} use={entryUseAt(trace, i, format)} slot={i} />
      ))}
      <p className="pws-outcome">{trace.outcome}</p>
    </div>
  );
}
