export {};

// `npm run bench [-- sim|grader|exercises|scale|analytics]`: runs the named benchmark suites (all by default) in this one process,
// so every ratio compares numbers measured side by side on the same machine at the same time.
const suites = {
  sim: () => import("./sim-bench"),
  grader: () => import("./grader-bench"),
  exercises: () => import("./exercise-bench"),
  scale: () => import("./scale-bench"),
  analytics: () => import("./analytics-bench"),
} as const;
type SuiteName = keyof typeof suites;

function isSuiteName(name: string): name is SuiteName {
  return Object.hasOwn(suites, name);
}

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = requested.filter((name) => !isSuiteName(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite(s): ${unknown.join(", ")}. Known: ${Object.keys(suites).join(", ")}.`);
  process.exit(2);
}
const names = (requested.length > 0 ? requested : Object.keys(suites)).filter(isSuiteName);
for (const name of names) {
  console.log(`\n== ${name}`);
  const suite = await suites[name]();
  await suite.run();
}
