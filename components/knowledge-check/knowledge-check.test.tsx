import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { KnowledgeCheckProgress, PublicKnowledgeCheck } from "../../contract/http/knowledge-checks";
import { publicPdeIndexCheck as numeric, publicRightsCheck as choice } from "../../test/fixtures/knowledge-checks";
import { CheckText } from "./check-text";
import { KnowledgeCheck } from "./knowledge-check";
import { KnowledgeCheckSection } from "./knowledge-check-section";

// Server rendering, as the lesson page does it: what the learner sees before and after answering.

const wrong = (answer: string, correctAnswer: string): KnowledgeCheckProgress => ({
  answer,
  attempts: 1,
  everCorrect: false,
  feedback: { correct: false, explanation: "Rights are ANDed across levels.", correctAnswer },
});

const render = (check: PublicKnowledgeCheck, initialProgress: KnowledgeCheckProgress | null, canAnswer = true) =>
  renderToStaticMarkup(
    createElement(KnowledgeCheck, { lessonId: "c/l", check, initialProgress, canAnswer, number: 2 }),
  );

describe("KnowledgeCheck", () => {
  it("renders an unanswered multiple-choice check as a radio group in a fieldset, with a live verdict region", () => {
    const html = render(choice, null);
    expect(html).toContain("<fieldset");
    expect(html).toContain("<legend");
    expect(html).toContain("Question 2.");
    expect(html.match(/type="radio"/g)).toHaveLength(2);
    expect(html).toContain("faults with <code>0x7</code>");
    expect(html).toMatch(/aria-live="polite"[^>]*role="status"/);
    expect(html).not.toContain("Not quite");
    expect(html).not.toContain("data-mark");
    expect(html).toMatch(/<button type="submit"[^>]*disabled/); // nothing chosen yet
  });

  it("restores a wrong answer: the choice, the verdict, the right option and the explanation, and allows a retry", () => {
    const html = render(choice, wrong("allowed", "fault-7"));
    expect(html).toMatch(/checked="" value="allowed"/);
    expect(html).toContain('data-mark="wrong"');
    expect(html).toContain('data-mark="answer"');
    expect(html).toContain("Not quite.");
    expect(html).toContain("The answer is faults with <code>0x7</code>.");
    expect(html).toContain("Rights are ANDed across levels.");
    expect(html).toContain("Attempt 1. Try again.");
    expect(html).not.toMatch(/type="radio"[^>]*disabled/);
  });

  it("restores a right answer as done: inputs locked, no correct answer repeated", () => {
    const progress: KnowledgeCheckProgress = {
      answer: "0x300",
      attempts: 2,
      everCorrect: true,
      feedback: { correct: true, explanation: "Bits 31:22.", correctAnswer: null },
    };
    const html = render(numeric, progress);
    expect(html).toMatch(/<input type="text"[^>]*disabled[^>]*value="0x300"/);
    expect(html).toContain("Correct.");
    expect(html).not.toContain("The answer is");
    expect(html).not.toContain("Try again");
  });

  it("shows a numeric check's answer in both bases after a wrong one", () => {
    const html = render(numeric, wrong("0x301", "0x300 (768)"));
    expect(html).toContain("The answer is <code>0x300 (768)</code>.");
    expect(html).toContain('value="0x301"');
  });

  it("lets visitors who are not enrolled read the question but not answer", () => {
    const html = render(numeric, null, false);
    expect(html).toMatch(/<input type="text"[^>]*disabled/);
    expect(html).toContain("Enroll in this course to answer.");
  });
});

describe("KnowledgeCheckSection and CheckText", () => {
  it("lists the checks under one heading, and renders nothing for a lesson without checks", () => {
    const html = renderToStaticMarkup(
      createElement(KnowledgeCheckSection, {
        lessonId: "c/l",
        canAnswer: true,
        checks: [
          { check: choice, progress: null },
          { check: numeric, progress: null },
        ],
      }),
    );
    expect(html).toContain("Check your understanding");
    expect(html).toContain("2 short questions");
    expect(html.match(/data-testid="knowledge-check"/g)).toHaveLength(2);
    expect(
      renderToStaticMarkup(createElement(KnowledgeCheckSection, { lessonId: "c/l", canAnswer: true, checks: [] })),
    ).toBe("");
  });

  it("turns backticks into code and never renders an author's text as HTML", () => {
    expect(renderToStaticMarkup(createElement(CheckText, { text: "a `<b>` and <i>x</i>" }))).toBe(
      "a <code>&lt;b&gt;</code> and &lt;i&gt;x&lt;/i&gt;",
    );
  });
});
