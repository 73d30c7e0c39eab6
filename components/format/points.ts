/** Points as people write them: 7, 7.5, 3.33 (credit and overrides make fractions; two decimals are enough). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}
