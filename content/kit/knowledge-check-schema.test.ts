import { describe, expect, it } from "vitest";
import { gradeKnowledgeCheck } from "./knowledge-check-grade";
import {
  knowledgeCheckKey,
  knowledgeChecksFileSchema,
  toPublicKnowledgeCheck,
  type KnowledgeCheck,
} from "./knowledge-check-schema";
import { pdeIndexCheck as numeric, rightsCheck as choice } from "../../test/fixtures/knowledge-checks";

/** The issues of a file with these checks, as "path: message" lines. */
function problems(checks: unknown[]): string[] {
  const result = knowledgeChecksFileSchema.safeParse({ checks });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

function parsed(check: unknown): KnowledgeCheck {
  const result = knowledgeChecksFileSchema.parse({ checks: [check] });
  const first = result.checks[0];
  if (!first) throw new Error("no check");
  return first;
}

describe("knowledgeChecksFileSchema", () => {
  it("accepts a multiple-choice and a numeric check", () => {
    expect(problems([choice, numeric])).toEqual([]);
  });

  it("names the field of each mistake", () => {
    expect(problems([{ ...choice, answer: "maybe" }])).toEqual([
      'checks.0.answer: "maybe" is not one of the option ids (allowed, fault-7)',
    ]);
    expect(problems([{ ...choice, options: [choice.options[1]] }])).toEqual(["checks.0.options: at least 2 options"]);
    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `o${i}`, text: `option ${i}` }));
    expect(problems([{ ...choice, options: seven, answer: "o1" }])).toEqual(["checks.0.options: at most 6 options"]);
    expect(problems([{ ...choice, options: [choice.options[1], choice.options[1]] }])).toEqual([
      'checks.0.options.1.id: duplicate option id "fault-7"',
    ]);
    expect(problems([numeric, { ...choice, id: "pde-index" }])).toEqual([
      'checks.1.id: duplicate check id "pde-index"',
    ]);
    expect(problems([{ ...numeric, answer: "c0101234" }])).toEqual([
      "checks.0.answer: must be an integer: 768, 0x300 or -14",
    ]);
    expect(problems([{ ...numeric, question: "The `PDE index?" }])).toEqual([
      "checks.0.question: unbalanced `backticks`",
    ]);
    expect(problems([{ ...numeric, id: "PDE_Index" }])[0]).toMatch(/^checks\.0\.id: ids are kebab-case/);
    expect(problems([{ ...numeric, explanation: "  " }])[0]).toMatch(/^checks\.0\.explanation:/);
    expect(problems([{ ...numeric, kind: "essay" }])[0]).toMatch(/^checks\.0\.kind:/);
    expect(problems([{ ...numeric, points: 2 }])[0]).toMatch(/points|unrecognized/i);
    expect(problems([])).toEqual(["checks: list at least one check, or delete the file"]);
  });
});

describe("toPublicKnowledgeCheck", () => {
  it("keeps the question and options, and drops the answer and the explanation", () => {
    expect(toPublicKnowledgeCheck(parsed(choice))).toEqual({
      id: "rights-combine",
      kind: "multiple-choice",
      question: choice.question,
      options: choice.options,
    });
    const shown = JSON.stringify(toPublicKnowledgeCheck(parsed(numeric)));
    expect(shown).not.toContain("0x300");
    expect(shown).not.toContain("explanation");
  });

  it("keys a check by its lesson", () => {
    expect(knowledgeCheckKey("memory-between-kernel-and-user/two-level-paging", "pde-index")).toBe(
      "memory-between-kernel-and-user/two-level-paging/pde-index",
    );
  });
});

describe("gradeKnowledgeCheck", () => {
  it("grades multiple choice by option id, and names the right option after a wrong one", () => {
    expect(gradeKnowledgeCheck(parsed(choice), "fault-7")).toEqual({
      ok: true,
      answer: "fault-7",
      feedback: { correct: true, explanation: choice.explanation, correctAnswer: null },
    });
    expect(gradeKnowledgeCheck(parsed(choice), "allowed")).toEqual({
      ok: true,
      answer: "allowed",
      feedback: { correct: false, explanation: choice.explanation, correctAnswer: "fault-7" },
    });
    expect(gradeKnowledgeCheck(parsed(choice), "fault-6")).toEqual({
      ok: false,
      message: "Choose one of the options.",
    });
  });

  it("grades numbers by value, in any base and spacing", () => {
    const check = parsed(numeric);
    for (const answer of ["0x300", "768", " 0X300 ", "0b1100000000"]) {
      const grade = gradeKnowledgeCheck(check, answer);
      expect(grade.ok && grade.feedback.correct, answer).toBe(true);
    }
    expect(gradeKnowledgeCheck(check, " 0x301 ")).toEqual({
      ok: true,
      answer: "0x301",
      feedback: { correct: false, explanation: numeric.explanation, correctAnswer: "0x300 (768)" },
    });
    expect(gradeKnowledgeCheck(check, "300")).toMatchObject({ ok: true, feedback: { correct: false } });
    expect(gradeKnowledgeCheck(check, "3OO")).toEqual({
      ok: false,
      message: "That is not a whole number: write it in decimal (768) or hex (0x300).",
    });
  });
});
