import { z } from "zod";

// A case's input as the host builds it and the adapter reads it: the user buffer (0x-hex, any 64-bit value), the
// byte count and the file position *ppos before the call.

export const readInputSchema = z
  .object({
    buf: z.string().regex(/^0x[0-9a-f]{1,16}$/),
    count: z
      .number()
      .int()
      .min(0)
      .max(2 ** 40),
    pos: z
      .number()
      .int()
      .min(-(2 ** 40))
      .max(2 ** 40),
  })
  .strict();
export type ReadInput = z.infer<typeof readInputSchema>;

/** "read(fd, 0x7f0000000f80, 300) at *ppos = 1200" */
export function describeRead(input: ReadInput): string {
  return `read(fd, ${input.buf}, ${input.count}) at *ppos = ${input.pos}`;
}
