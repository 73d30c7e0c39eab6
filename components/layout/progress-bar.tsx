/** A labelled progress bar: points earned of points possible. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.round((100 * Math.min(value, max)) / max) : 0;
  return (
    <div className="stack" style={{ gap: "0.25rem" }}>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="muted" style={{ fontSize: "0.85rem" }}>
        {formatPoints(value)} / {formatPoints(max)} points ({percent}%)
      </span>
    </div>
  );
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}
