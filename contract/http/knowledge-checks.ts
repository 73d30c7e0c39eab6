import { z } from "zod";

/**
 * The contract of POST /api/knowledge-checks, shared by the server (which validates the request) and the
 * browser (which validates the response). No answer key ever travels in a request or before an answer.
 */
/** What the browser may see of a check before it is answered: never the answer or the explanation. */
export type PublicKnowledgeCheck =
  | { id: string; kind: "multiple-choice"; question: string; options: { id: string; text: string }[] }
  | { id: string; kind: "numeric"; question: string };

export const answerKnowledgeCheckRequestSchema = z
  .object({
    /** `<course>/<lesson slug>`, the lesson the check belongs to. */
    lessonId: z.string().min(1).max(200),
    /** The check's id within the lesson. */
    checkId: z.string().min(1).max(60),
    /** An option id, or the number as the learner typed it. */
    answer: z.string().max(200),
  })
  .strict();
export type AnswerKnowledgeCheckRequest = z.infer<typeof answerKnowledgeCheckRequestSchema>;

export const knowledgeCheckFeedbackSchema = z.object({
  correct: z.boolean(),
  explanation: z.string(),
  /** After a wrong answer: the correct option's id, or the number in both bases. Null after a right one. */
  correctAnswer: z.string().nullable(),
});

/** A learner's standing on one check: their last answer and its feedback, and whether it was ever right. */
export const knowledgeCheckProgressSchema = z.object({
  answer: z.string(),
  feedback: knowledgeCheckFeedbackSchema,
  attempts: z.number().int().nonnegative(),
  /** Answered correctly at least once (what progress counts). */
  everCorrect: z.boolean(),
});
export type KnowledgeCheckProgress = z.infer<typeof knowledgeCheckProgressSchema>;

export const answerKnowledgeCheckResponseSchema = z.object({ progress: knowledgeCheckProgressSchema });
export type AnswerKnowledgeCheckResponse = z.infer<typeof answerKnowledgeCheckResponseSchema>;
