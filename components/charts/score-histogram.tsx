/** Learners' best scores in tenths of the maximum, as bars (an SVG: no chart library, readable in both themes). */
export function ScoreHistogram({ histogram, label }: { histogram: number[]; label: string }) {
  const width = 200;
  const height = 60;
  const max = Math.max(1, ...histogram);
  const barWidth = width / histogram.length;
  const description = histogram.map((count, index) => `${index * 10}-${index * 10 + 10}%: ${count}`).join(", ");
  return (
    <svg width={width} height={height + 14} viewBox={`0 0 ${width} ${height + 14}`} role="img" aria-label={`${label}. ${description}`}>
      {histogram.map((count, index) => {
        const barHeight = (count / max) * height;
        return (
          <rect key={index} x={index * barWidth + 1} y={height - barHeight} width={barWidth - 2} height={barHeight} fill="var(--accent)">
            <title>{`${index * 10}-${index * 10 + 10}% of the points: ${count} learner${count === 1 ? "" : "s"}`}</title>
          </rect>
        );
      })}
      <line x1={0} y1={height} x2={width} y2={height} stroke="var(--border)" />
      <text x={0} y={height + 12} fontSize={10} fill="var(--muted)">0%</text>
      <text x={width} y={height + 12} fontSize={10} fill="var(--muted)" textAnchor="end">100%</text>
    </svg>
  );
}
