// Hex formatting shared by traces, the CLI and error messages.

/** "0x"-prefixed lowercase hex of a non-negative integer (number or bigint). */
export function hex(value: number | bigint): string {
  return "0x" + value.toString(16);
}

/** Unsigned 64-bit value from two 32-bit halves. */
export function joinHalves(low: number, high: number): bigint {
  return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
}
