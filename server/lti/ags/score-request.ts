import { activityProgressSchema, gradingProgressSchema, platformUrlSchema } from "../../../contract/lti";

// What a score POST to a platform looks like (AGS 2.0 §3.4), pure. No "server-only": grader hosts deliver scores
// too (see backoff.ts).

/**
 * The score service of a line item: its URL with "/scores" appended to the path, before any query string (a line
 * item URL may carry one, e.g. Moodle's ?type_id=..., which must stay last). A fragment is dropped.
 */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  url.hash = "";
  return url.toString();
}

/** Whether a line item URL is one the tool sends grades to (https, or http on this machine's loopback). */
export function isDeliverableUrl(lineItemUrl: string): boolean {
  // URL.canParse first: the schema's refinement reads the URL even when it is not one (and throws).
  return URL.canParse(lineItemUrl) && platformUrlSchema.safeParse(lineItemUrl).success;
}

export interface ScoreRow {
  sub: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  producedAt: Date;
}

/**
 * The score body (application/vnd.ims.lis.v1.score+json). The timestamp is when the grade was produced, not when it
 * is sent: a platform keeps the score with the newest timestamp, so a late retry of an older grade never overwrites
 * a newer one. gradingProgress is FullyGraded: a row is queued only once its grade is final.
 */
export function scoreBody(row: ScoreRow) {
  return {
    userId: row.sub,
    scoreGiven: row.scoreGiven,
    scoreMaximum: row.scoreMaximum,
    activityProgress: activityProgressSchema.parse(row.activityProgress),
    gradingProgress: gradingProgressSchema.enum.FullyGraded,
    timestamp: row.producedAt.toISOString(),
  };
}
