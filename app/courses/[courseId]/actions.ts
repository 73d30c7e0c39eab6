"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { enroll } from "@/server/courses";
import { getDb } from "@/server/db";
import { findCurrentUser } from "@/server/session";

/** Enrolls the signed-in user in a course (sends others to sign in first, then back here). */
export async function enrollAction(courseId: string): Promise<void> {
  const user = await findCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/courses/${courseId}`)}`);
  await enroll(getDb(), user.id, courseId);
  revalidatePath(`/courses/${courseId}`);
}
