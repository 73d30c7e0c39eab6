import { z } from "zod";

// A case's input as the host builds it and the adapter reads it: the producer's head and the reader's tail, both
// free-running u32 counts of samples.

const u32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

export const ringInputSchema = z.object({ head: u32, tail: u32 }).strict();
export type RingInput = z.infer<typeof ringInputSchema>;

/** "Reading from tail 0xfffffff8 to head 0x0000000c" */
export function describeRing(input: RingInput): string {
  return `Reading from tail ${hex32(input.tail)} to head ${hex32(input.head)}`;
}

/** A u32 as 0x-hex, 8 digits. */
export function hex32(value: number): string {
  return "0x" + value.toString(16).padStart(8, "0");
}
