import { z } from "zod";
import { gradeResultSchema } from "../../contract/grade-result";
import { gradeInputSchema } from "../pipeline/grade-submission";

// Every message between the pool and a worker process is validated on arrival, in both directions: a worker
// is a separate program, and a confused or compromised one must not be able to hand the web server garbage.

/** Pool -> worker. */
export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("grade"), jobId: z.number().int().nonnegative(), input: gradeInputSchema }).strict(),
  z.object({ type: z.literal("shutdown") }).strict(),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** Worker -> pool. */
export const workerMessageSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("ready"),
      graderVersion: z.string(),
      node: z.string(),
      ivm: z.string(),
      exercises: z.array(z.string()),
      selfTestMs: z.number().nonnegative(),
    })
    .strict(),
  /** The worker started a job and promises a result within `deadlineMs`, else it is presumed hung. */
  z.object({ type: z.literal("accepted"), jobId: z.number().int().nonnegative(), deadlineMs: z.number().positive() }).strict(),
  z.object({ type: z.literal("result"), jobId: z.number().int().nonnegative(), result: gradeResultSchema }).strict(),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
