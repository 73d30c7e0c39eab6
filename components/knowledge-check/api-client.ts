import { z } from "zod";
import {
  answerKnowledgeCheckResponseSchema,
  type KnowledgeCheckProgress,
} from "../../content/kit/knowledge-check-wire";

const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

/** A refused or failed answer, with the server's sentence for the learner. */
export class AnswerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one answer; the server grades it and answers with the verdict, the explanation and the progress. */
export async function sendAnswer(lessonId: string, checkId: string, answer: string): Promise<KnowledgeCheckProgress> {
  let response: Response;
  try {
    response = await fetch("/api/knowledge-checks", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lessonId, checkId, answer }),
    });
  } catch {
    throw new AnswerError(0, "The server could not be reached. Check your connection and try again.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = errorBodySchema.safeParse(body);
    throw new AnswerError(
      response.status,
      error.success ? error.data.error.message : `The server answered HTTP ${response.status}.`,
    );
  }
  const parsed = answerKnowledgeCheckResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new AnswerError(response.status, "The server's answer was not understood. Reload the page and try again.");
  return parsed.data.progress;
}
