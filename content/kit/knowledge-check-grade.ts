import { formatIntegerAnswer, parseIntegerAnswer } from "./knowledge-check-answer";
import type { z } from "zod";
import type { KnowledgeCheck } from "./knowledge-check-schema";
import type { knowledgeCheckFeedbackSchema } from "../../contract/http/knowledge-checks";

/**
 * What the learner sees after answering: the verdict, the explanation, and after a wrong answer the right
 * one (an option id for multiple choice, the number in both bases for numeric checks). Retries stay allowed;
 * docs/decisions/0070-knowledge-checks.md explains why the answer is shown anyway.
 */
export type KnowledgeCheckFeedback = z.infer<typeof knowledgeCheckFeedbackSchema>;

/** A graded answer, or why it could not be graded (not a number, no such option): nothing to count. */
export type KnowledgeCheckGrade =
  { ok: true; feedback: KnowledgeCheckFeedback; answer: string } | { ok: false; message: string };

/**
 * Grades one answer. Multiple choice: the answer is an option id. Numeric: any spelling parseIntegerAnswer
 * reads, compared by value, so `0x300`, `0X300`, ` 768 ` and `0b1100000000` are the same answer.
 * `answer` in the result is what to keep and show again: the option id, or the learner's text trimmed.
 */
export function gradeKnowledgeCheck(check: KnowledgeCheck, rawAnswer: string): KnowledgeCheckGrade {
  if (check.kind === "multiple-choice") {
    const chosen = check.options.find((option) => option.id === rawAnswer);
    if (!chosen) return { ok: false, message: "Choose one of the options." };
    return { ok: true, answer: chosen.id, feedback: feedbackFor(check, chosen.id === check.answer) };
  }
  const given = parseIntegerAnswer(rawAnswer);
  if (!given.ok) return { ok: false, message: given.message };
  const expected = parseIntegerAnswer(check.answer);
  // The schema refuses an unparsable answer key, so this only guards a check built by hand.
  if (!expected.ok) throw new Error(`knowledge check "${check.id}" has an unparsable answer "${check.answer}"`);
  return { ok: true, answer: rawAnswer.trim(), feedback: feedbackFor(check, given.value === expected.value) };
}

/** The feedback for a check answered right or wrong (also used to restore an answered check on reload). */
export function feedbackFor(check: KnowledgeCheck, correct: boolean): KnowledgeCheckFeedback {
  let correctAnswer: string | null = null;
  if (!correct) correctAnswer = check.kind === "numeric" ? formatIntegerAnswer(check.answer) : check.answer;
  return { correct, explanation: check.explanation, correctAnswer };
}
