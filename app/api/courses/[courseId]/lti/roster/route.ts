import { courseParamsSchema } from "@/contract/http/courses";
import type { RosterPullResponse } from "@/contract/http/lti-roster";
import { userActor } from "@/server/audit/actors";
import { getDb } from "@/server/db";
import { pullRoster } from "@/server/lti/roster";
import { getServiceTokens } from "@/server/lti/service-tokens-instance";
import { instructorOf } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Pulls the rosters of the LMS courses bound to the course and enrolls their active members (instructors and admins). */
export const POST = route()
  .params(courseParamsSchema)
  .access(instructorOf(({ params }) => params.courseId))
  .handle(async ({ grant, clientAddress }) => {
    const summary = await pullRoster(getDb(), getServiceTokens(), userActor(grant.user, clientAddress), grant.courseId);
    return Response.json(summary satisfies RosterPullResponse);
  });
