import { errnoName, type HandlerBug } from "../../../sim/index";
import type { AttackOutcome, AttackVerdict } from "./attack-model";
import { BUG_REACH } from "./bug-reach";
import { VERDICT_CHOICES } from "./predict-flow";

// What the widget says once the learner has committed: whether the prediction was right, then the outcome in the
// kernel's terms, with the handler's own arithmetic on this request's numbers (sim's decideBuggy says it).

const hex = (n: number) => "0x" + n.toString(16);
const pages = (n: number) => `${n} page${n === 1 ? "" : "s"}`;

function headline(outcome: AttackOutcome, credPfn: number): string {
  switch (outcome.stage) {
    case "kernel":
      return `mmap returns ${outcome.reason}. The handler never ran.`;
    case "handler":
      return `The handler refuses: mmap returns -${errnoName(outcome.errno)}.`;
    case "remap":
      return `The handler's check passes, but the size it hands remap_pfn_range, ${hex(outcome.size)} bytes, makes an empty or wrapped range: the kernel's remap_pfn_range_internal (mm/memory.c) stops at BUG_ON(addr >= end), an oops rather than a mapping. The simulator refuses it with -EINVAL, so mmap fails.`;
    case "mapped": {
      const { frames, tally, credIndex } = outcome;
      const where = [
        `${tally.inBuffer} in the buffer`,
        `${tally.otherRam} elsewhere in RAM`,
        ...(tally.noRam > 0 ? [`${tally.noRam} past the end of RAM`] : []),
      ].join(", ");
      const cred =
        credIndex === null
          ? ` The cred page, pfn ${hex(credPfn)}, is not among them.`
          : ` The cred page, pfn ${hex(credPfn)}, is page ${credIndex} of the mapping: the process reads and writes it at p + ${hex(credIndex * 4096)}, where p is what mmap returned.`;
      return `Mapped: the PTEs point to ${pages(frames.count)} from pfn ${hex(frames.first)} (${where}).${cred}`;
    }
  }
}

/** The verdict panel: right or wrong, what happened, and which frames this handler can reach in general. */
export function AttackVerdictPanel(props: {
  outcome: AttackOutcome;
  predicted: AttackVerdict;
  actual: AttackVerdict;
  bug: HandlerBug;
  credPfn: number;
  right: number;
  asked: number;
}) {
  const { outcome, predicted, actual } = props;
  const isRight = predicted === actual;
  const answer = VERDICT_CHOICES.find((c) => c.verdict === actual)?.text(hex(props.credPfn)) ?? actual;
  const says = outcome.stage === "kernel" ? [] : outcome.says;
  return (
    <div className="vmad-details">
      <p className={`alert ${isRight ? "ok" : "error"}`}>
        {isRight ? "Right: " : "Not this time: "}
        {answer}. {headline(outcome, props.credPfn)}
      </p>
      {says.length > 0 ? (
        <div>
          <p className="vmad-call">The handler&apos;s check, with this request&apos;s numbers:</p>
          <pre className="vmad-check-code">{says.join("\n")}</pre>
        </div>
      ) : null}
      {outcome.stage !== "kernel" ? (
        <p className="vmad-call">
          {`It received vm_pgoff = ${hex(outcome.vma.pgoff)} and vma_pages = ${outcome.vma.pages} (VMA ${hex(outcome.vma.start)}..${hex(outcome.vma.end)}, end exclusive).`}
        </p>
      ) : null}
      <p className="vmad-call">
        <strong>What this handler can reach:</strong> {BUG_REACH[props.bug]}
      </p>
      <p className="vmad-call">
        {`Predictions so far: ${props.right} of ${props.asked} right. Change the request or the handler to predict again.`}
      </p>
    </div>
  );
}
