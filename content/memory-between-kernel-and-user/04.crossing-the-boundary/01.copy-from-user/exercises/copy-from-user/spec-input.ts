import { z } from "zod";

// A case's input as the host builds it and the adapter reads it: the user pointer (0x-hex, any 64-bit value) and
// the number of bytes to copy.

export const copyInputSchema = z
  .object({
    from: z.string().regex(/^0x[0-9a-f]{1,16}$/),
    n: z.number().int().min(0).max(16384),
  })
  .strict();
export type CopyInput = z.infer<typeof copyInputSchema>;

/** "copying 300 bytes from 0x7f0000000f80" */
export function describeCopy(input: CopyInput): string {
  return `Copying ${input.n} byte${input.n === 1 ? "" : "s"} from ${input.from}`;
}
