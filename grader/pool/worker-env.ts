// A grading worker runs hostile code, so it starts with an environment built here from two allow-lists, never
// with the web server's: the server holds BETTER_AUTH_SECRET, DATABASE_URL and whatever else its host sets, and
// anything in a worker's environment is one sandbox escape away from a learner (process.env, /proc/self/environ).
// A worker needs no secret: it reads no database, signs nothing and opens no socket; node itself needs no variable.

/** The only variables a worker takes from its parent, and why it needs each. */
export const INHERITED_VARIABLES = [
  // Libraries bundled into the worker may branch on it; it is the same in every process of a deployment.
  "NODE_ENV",
  // grader/ivm/load-ivm.ts (IVM_PATH_ENV) tries this isolated-vm build first: an operator's override, a path, not a
  // secret. Spelled out rather than imported, so the web server's bundle does not pull in the addon loader.
  "PAGEWISE_IVM_PATH",
] as const;

/** The worker's own switches (the test worker's sabotage and self-test flags, say) are the only other names allowed. */
const WORKER_SWITCH = /^PAGEWISE_GRADER_[A-Z0-9_]+$/;

/**
 * The whole environment a worker is forked with: the allow-listed variables the parent has, plus `switches`.
 * Throws when a switch is not named PAGEWISE_GRADER_*: a caller passing anything else (its own process.env, say)
 * is a bug that would hand the sandbox the server's secrets.
 */
export function workerEnvironment(parent: NodeJS.ProcessEnv, switches: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(switches)) {
    if (!WORKER_SWITCH.test(name)) throw new Error(`A grading worker's environment may not carry ${name}: only PAGEWISE_GRADER_* switches are passed on.`);
    env[name] = value;
  }
  // Next's types declare NODE_ENV always present; fork leaves out a variable whose value is undefined.
  return { ...env, NODE_ENV: parent.NODE_ENV };
}
