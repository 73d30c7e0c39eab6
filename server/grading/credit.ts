/** rawScore x credit / 100, kept to 4 decimals so that sums in the gradebook do not show floating-point dust. */
export function creditedScore(rawScore: number, credit: number): number {
  return Math.round(rawScore * credit * 100) / 10_000;
}
