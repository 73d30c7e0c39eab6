import { z } from "zod";

/** `:courseId` in /api/courses/:courseId/... and the course's instructor routes (gradebook.csv). */
export const courseParamsSchema = z.object({ courseId: z.string().min(1).max(100) }).strict();
