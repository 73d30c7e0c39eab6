import { z } from "zod";
import type { PublicKnowledgeCheck } from "../../contract/http/knowledge-checks";
import { parseIntegerAnswer } from "./knowledge-check-answer";

/**
 * Knowledge checks: short questions after a lesson, graded on the server and kept as progress.
 * They are authored in `knowledge-checks.json` beside the lesson's `lesson.mdx` (content/README.md,
 * "Knowledge checks"). The file holds the answers and the explanations, so it is server only: the
 * browser gets `PublicKnowledgeCheck`s (questions and options) and, once it has answered, feedback.
 */
export const KNOWLEDGE_CHECKS_FILE = "knowledge-checks.json";

/** What one check answered correctly adds to a learner's progress (exercises add their points). */
export const KNOWLEDGE_CHECK_POINTS = 1;

const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "ids are kebab-case: lowercase letters, digits, dashes")
  .max(60);
// Text is plain: `backticks` mark code, nothing else is markup (components/knowledge-check renders it).
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => (value.match(/`/g) ?? []).length % 2 === 0, "unbalanced `backticks`");

// Stored answers and progress refer to options and checks by id, so an id may appear once in its list; each repeat is
// an issue at its own path (`options.2.id`), telling the author which one to rename.
function flagDuplicateIds(
  items: readonly { id: string }[],
  key: "options" | "checks",
  what: "option" | "check",
  context: z.RefinementCtx,
): void {
  items.forEach(({ id }, index) => {
    if (items.findIndex((item) => item.id === id) !== index)
      context.addIssue({ code: "custom", path: [key, index, "id"], message: `duplicate ${what} id "${id}"` });
  });
}

const optionSchema = z.object({ id: idSchema, text: text(300) }).strict();

const multipleChoiceSchema = z
  .object({
    id: idSchema,
    kind: z.literal("multiple-choice"),
    question: text(600),
    /** In the order the learner sees them; ids keep a stored answer meaningful if the order changes. */
    options: z.array(optionSchema).min(2, "at least 2 options").max(6, "at most 6 options"),
    /** The id of the one correct option. */
    answer: idSchema,
    /** Shown after every answer, right or wrong: why the answer is what it is. */
    explanation: text(1200),
  })
  .strict()
  .superRefine((check, context) => {
    flagDuplicateIds(check.options, "options", "option", context);
    const ids = check.options.map((option) => option.id);
    if (!ids.includes(check.answer)) {
      context.addIssue({
        code: "custom",
        path: ["answer"],
        message: `"${check.answer}" is not one of the option ids (${ids.join(", ")})`,
      });
    }
  });

const numericSchema = z
  .object({
    id: idSchema,
    kind: z.literal("numeric"),
    question: text(600),
    /** An integer as the author would write it: "0x300" or "768" (hex needs 0x). Any spelling of it is accepted. */
    answer: z.string().refine((value) => parseIntegerAnswer(value).ok, "must be an integer: 768, 0x300 or -14"),
    explanation: text(1200),
  })
  .strict();

export const knowledgeCheckSchema = z.discriminatedUnion("kind", [multipleChoiceSchema, numericSchema]);
export type KnowledgeCheck = z.infer<typeof knowledgeCheckSchema>;
export type KnowledgeCheckKind = KnowledgeCheck["kind"];

/** The whole `knowledge-checks.json`: checks in the order they are shown, ids unique within the lesson. */
export const knowledgeChecksFileSchema = z
  .object({ checks: z.array(knowledgeCheckSchema).min(1, "list at least one check, or delete the file").max(20) })
  .strict()
  .superRefine((file, context) => flagDuplicateIds(file.checks, "checks", "check", context));
export type KnowledgeChecksFile = z.infer<typeof knowledgeChecksFileSchema>;

/** Strips a check down to what may be rendered before the learner answers. */
export function toPublicKnowledgeCheck(check: KnowledgeCheck): PublicKnowledgeCheck {
  if (check.kind === "numeric") return { id: check.id, kind: check.kind, question: check.question };
  return {
    id: check.id,
    kind: check.kind,
    question: check.question,
    options: check.options.map((option) => ({ id: option.id, text: option.text })),
  };
}

/** The database id of a check: unique across courses, because lesson ids are (`<course>/<lesson>/<check>`). */
export function knowledgeCheckKey(lessonId: string, checkId: string): string {
  return `${lessonId}/${checkId}`;
}
