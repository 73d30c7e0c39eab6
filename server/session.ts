import "server-only";
import { headers } from "next/headers";
import { platformRoleSchema, type PlatformRole } from "../contract/http/admin";
import { getAuth } from "./auth";

/** A user's platform role, as the admin console sets it (contract/http/admin.ts). */
export const roleSchema = platformRoleSchema;
export type Role = PlatformRole;

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The user whose session cookie these request headers carry, or null. */
export async function findUserForHeaders(requestHeaders: Headers): Promise<CurrentUser | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  // A disabled user's sessions are deleted when an admin disables them; this also refuses one created meanwhile.
  if (!session || session.user.disabledAt) return null;
  const role = roleSchema.safeParse(session.user.role);
  return {
    id: session.user.id,
    name: session.user.name,
    email: session.user.email,
    // An unknown role in the database gets the least privilege, not an error page.
    role: role.success ? role.data : "learner",
  };
}

/** The signed-in user of the request being rendered (pages, layouts, server actions), or null. */
export async function findCurrentUser(): Promise<CurrentUser | null> {
  return findUserForHeaders(await headers());
}
