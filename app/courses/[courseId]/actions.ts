"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { enroll } from "@/server/courses";
import { getDb } from "@/server/db";
import { signedIn } from "@/server/route/access";
import { defineAction } from "@/server/route/define-action";

/** Enrolls the signed-in user in a course (visitors are sent to sign in first, then back to the course). */
export const enrollAction = defineAction(
  {
    input: z.string().min(1).max(100),
    access: signedIn(),
    returnTo: (courseId) => `/courses/${courseId}`,
  },
  async ({ input: courseId, grant }) => {
    await enroll(getDb(), grant.user.id, courseId);
    revalidatePath(`/courses/${courseId}`);
  },
);
