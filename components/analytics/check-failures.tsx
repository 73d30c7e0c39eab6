import type { CheckFailures } from "../../contract/analytics";
import { BarChart } from "../charts/bar-chart";
import { formatShare, sharePercent } from "../format/duration";
import { TableScroll } from "../layout/table-scroll";
import { CommonFailure } from "./hardest-check";

/** Every check's fail share as bars (the hardest one marked), then the checks with their most common failures. */
export function CheckFailuresSection({ checks, hardest }: { checks: CheckFailures[]; hardest: number | null }) {
  return (
    <section className="stack" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Checks</h2>
      <BarChart
        id="check-fail-share"
        title="Where learners fail"
        subtitle="Share of learners whose latest graded submission fails each check"
        headingLevel={3}
        bars={checks.map((check, index) => ({
          label: check.name,
          value: sharePercent(check.failShare),
          ...(index === hardest ? { highlight: "hardest" } : {}),
        }))}
        categoryLabel="check"
        valueLabel="failing (% of learners graded)"
        valueSuffix="%"
        maxValue={100}
        width={560}
        emptyText="No graded submission yet: the checks appear once learners submit."
      />
      {checks.length > 0 ? (
        <TableScroll label="Checks and their most common failures">
          <table className="analytics-checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Failing</th>
                <th scope="col">Most common failure</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((check, index) => (
                <tr key={`${check.visibility}:${check.name}`} data-testid="check-row" data-hardest={index === hardest ? "true" : undefined}>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    {check.name} <span className="badge">{check.visibility}</span>
                    {index === hardest ? <span className="badge analytics-hardest-badge">hardest</span> : null}
                  </th>
                  <td>
                    {formatShare(check.failShare)} <span className="muted">({check.failing} of {check.graded})</span>
                  </td>
                  <td>{check.commonFailure ? <CommonFailure failure={check.commonFailure} /> : <span className="muted">passes for everyone</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
