/**
 * The grader's version, echoed in every GradeResult so a stored grade names the code that produced it.
 * Bump it whenever the sandbox, the harness or the judging changes what a submission could score.
 */
export const GRADER_VERSION = "1.0.0";
