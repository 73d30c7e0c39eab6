/**
 * Where a step-by-step widget moves on a key press: the arrows step one back or forward, Home and End jump to the
 * first and last step; null for any other key (let it do what it does). Clamped to 0..last.
 */
export function stepKeyTarget(key: string, at: number, last: number): number | null {
  const moves: Record<string, number> = {
    ArrowRight: at + 1,
    ArrowDown: at + 1,
    ArrowLeft: at - 1,
    ArrowUp: at - 1,
    Home: 0,
    End: last,
  };
  const to = moves[key];
  return to === undefined ? null : Math.max(0, Math.min(last, to));
}
