/**
 * The demo accounts `npm run db:seed` creates for local use (README "Demo accounts"). They exist only
 * in the embedded database of a local install; change or remove them before exposing a server.
 */
export const DEMO_PASSWORD = "pagewise-demo";

export const demoAccounts = [
  { email: "learner@pagewise.local", name: "Demo Learner", role: "learner", courseRole: "learner" },
  { email: "instructor@pagewise.local", name: "Demo Instructor", role: "instructor", courseRole: "instructor" },
  { email: "admin@pagewise.local", name: "Demo Admin", role: "admin", courseRole: null },
] as const;
