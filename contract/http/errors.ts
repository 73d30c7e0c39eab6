import { z } from "zod";

/** The JSON body of every refusal (any 4xx or 5xx of /api): a stable code for programs and a sentence for people. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For invalid input: each field path that failed and why. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** For unexpected failures: the id the server logged the error under, to quote to an admin. */
    errorId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
