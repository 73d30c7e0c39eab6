import { z } from "zod";

// The contract of POST /api/courses/:courseId/lti/roster (the course's instructors and admins): pulls the roster of
// every LMS course bound to the course (NRPS 2.0) and enrolls its active members with their LMS roles. No body.

/** The pull's outcome, counted over people (someone in two bound LMS courses counts once). */
export const rosterPullResponseSchema = z.object({
  /** LMS courses whose roster was read. */
  contexts: z.number().int().nonnegative(),
  /** Active members newly enrolled. */
  added: z.number().int().nonnegative(),
  /** Active members whose course role changed to the LMS's. */
  updated: z.number().int().nonnegative(),
  /** Active members already enrolled with that role. */
  unchanged: z.number().int().nonnegative(),
  /** Inactive or deleted members: reported, left enrolled if they were (their work stays). */
  inactive: z.number().int().nonnegative(),
  /** Pagewise accounts created for members seen for the first time. */
  created: z.number().int().nonnegative(),
});
export type RosterPullResponse = z.infer<typeof rosterPullResponseSchema>;
