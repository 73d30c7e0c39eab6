import { answerKnowledgeCheckRequestSchema } from "@/content/kit/knowledge-check-wire";
import { getCourses } from "@/server/content/repository";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { readJson, requireUser, respond } from "@/server/http";
import { answerKnowledgeCheck } from "@/server/knowledge-checks";
import { requireSameOrigin } from "@/server/same-origin";

const MAX_BODY_BYTES = 4_096;

/** Grades one answer to a lesson's knowledge check and stores it: 200 with the verdict, explanation and progress. */
export async function POST(request: Request) {
  return respond(async () => {
    requireSameOrigin(request, getEnv().PUBLIC_URL);
    const user = await requireUser();
    const body = await readJson(request, answerKnowledgeCheckRequestSchema, MAX_BODY_BYTES);
    const progress = await answerKnowledgeCheck(getDb(), await getCourses(), user, body);
    return Response.json({ progress });
  });
}
