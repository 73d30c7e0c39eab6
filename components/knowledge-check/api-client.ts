import { answerKnowledgeCheckResponseSchema, type KnowledgeCheckProgress } from "../../contract/http/knowledge-checks";
import { callApi } from "../api/call-api";

/** Sends one answer; the server grades it and answers with the verdict, the explanation and the progress. */
export async function sendAnswer(lessonId: string, checkId: string, answer: string): Promise<KnowledgeCheckProgress> {
  const body = await callApi("/api/knowledge-checks", answerKnowledgeCheckResponseSchema, {
    method: "POST",
    body: JSON.stringify({ lessonId, checkId, answer }),
  });
  return body.progress;
}
