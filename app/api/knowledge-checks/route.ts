import { answerKnowledgeCheckRequestSchema, type AnswerKnowledgeCheckResponse } from "@/contract/http/knowledge-checks";
import { getCourses } from "@/server/content/repository";
import { getDb } from "@/server/db";
import { answerKnowledgeCheck } from "@/server/knowledge-checks";
import { enrolledInLesson } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Grades one answer to a lesson's knowledge check and stores it: 200 with the verdict, explanation and progress. */
export const POST = route()
  .body(answerKnowledgeCheckRequestSchema, { maxBytes: 4_096 })
  .access(enrolledInLesson(({ body }) => body.lessonId))
  .handle(async ({ grant, body }) => {
    const progress = await answerKnowledgeCheck(getDb(), await getCourses(), grant.user, body);
    return Response.json({ progress } satisfies AnswerKnowledgeCheckResponse);
  });
