import { z } from "zod";

// What the admin pages show of LMS grade deliveries (the AGS score outbox, server/lti/ags): plain serializable
// types, so components render them without importing the server.

/**
 * pending: waiting for its (next) try; delivered: the platform took it; superseded: a newer grade of the same line
 * item and learner was queued before it went out, so it never will; failed: refused by the platform, or given up on
 * after too many tries (an admin may retry it).
 */
export const scoreDeliveryStateSchema = z.enum(["pending", "delivered", "superseded", "failed"]);
export type ScoreDeliveryState = z.infer<typeof scoreDeliveryStateSchema>;

export const SCORE_DELIVERY_STATE_LABELS: Record<ScoreDeliveryState, string> = {
  pending: "Waiting",
  delivered: "Delivered",
  superseded: "Replaced by a newer grade",
  failed: "Failed",
};

/** One grade on its way to (or in) an LMS gradebook. Times are ISO-8601. */
export interface ScoreDeliveryView {
  id: string;
  courseId: string;
  learner: { id: string; name: string; email: string };
  exercise: { id: string; title: string };
  platformName: string;
  scoreGiven: number;
  scoreMaximum: number;
  state: ScoreDeliveryState;
  attempts: number;
  /** The LMS's last HTTP status (0: it did not answer); null before a first answer. */
  lastStatus: number | null;
  /** Why the last try did not deliver it, in words (the LMS's own answer, shortened). */
  lastError: string | null;
  /** When the grade was produced (the timestamp the LMS is sent). */
  producedAt: string;
  /** When a pending row is tried next. */
  nextAttemptAt: string;
  deliveredAt: string | null;
}

/** How many deliveries are in each state. */
export type ScoreDeliverySummary = Record<ScoreDeliveryState, number>;
