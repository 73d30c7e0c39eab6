import type { CheckFailures } from "../../contract/analytics";
import "./analytics.css";
import { formatShare } from "../format/duration";

/**
 * The one thing an instructor opens the page for: the check most learners fail in their latest submission, how many,
 * what they are told most often, and one real message of it (public checks only).
 */
export function HardestCheck({ check }: { check: CheckFailures | null }) {
  if (!check) {
    return (
      <section className="card analytics-hardest" aria-labelledby="hardest-heading" data-testid="hardest-check">
        <h2 id="hardest-heading">Hardest check</h2>
        <p className="muted" style={{ margin: 0 }}>
          No check fails in any learner&apos;s latest submission.
        </p>
      </section>
    );
  }
  return (
    <section className="card analytics-hardest" aria-labelledby="hardest-heading" data-testid="hardest-check">
      <h2 id="hardest-heading">Hardest check</h2>
      <p className="analytics-hardest-name">
        <strong data-testid="hardest-check-name">{check.name}</strong>{" "}
        <span className="badge">{check.visibility === "hidden" ? "hidden" : "public"}</span>
      </p>
      <p style={{ margin: 0 }}>
        Fails for <strong>{formatShare(check.failShare)}</strong> of learners ({check.failing} of {check.graded}) in their latest submission.
      </p>
      {check.commonFailure ? <CommonFailure failure={check.commonFailure} /> : null}
    </section>
  );
}

/** The most common failure of a check: its pattern (learners' numbers blanked), how many, and one real message. */
export function CommonFailure({ failure }: { failure: NonNullable<CheckFailures["commonFailure"]> }) {
  return (
    <div className="analytics-failure">
      <p style={{ margin: 0 }}>
        Most often ({failure.count} learner{failure.count === 1 ? "" : "s"}):
      </p>
      <pre className="analytics-message">{failure.pattern}</pre>
      {failure.example ? (
        <details>
          <summary>One learner&apos;s message (anonymised)</summary>
          <pre className="analytics-message">{failure.example}</pre>
        </details>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          A hidden check: learners see only its name and how many cases passed, and so does this page.
        </p>
      )}
    </div>
  );
}
