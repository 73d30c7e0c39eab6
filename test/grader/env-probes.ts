// Programs that try to read the worker's environment (process.env: where a server keeps BETTER_AUTH_SECRET and
// DATABASE_URL) through every escape route of the hostile suite's "escape" family: the process global, the
// constructor.constructor family, the other function constructors, eval, stack frames, import(), require and
// module, a walk of everything reachable from globalThis, and the caller chain. add-two-numbers: each returns
// a + b only while it has found nothing; whatever it finds it prints and throws, so a leak reaches the console
// and the check messages, where the test looks for the secrets.

export interface EnvProbe {
  /** The escape route, as the hostile suite names it. */
  route: string;
  code: string;
}

const PRELUDE = String.raw`
const found: string[] = [];
const report = (via: string, host: unknown): void => {
  if (host === null || host === undefined) return;
  let env = "";
  try { env = JSON.stringify((host as { env?: unknown }).env) ?? "(no env)"; } catch (error) { env = "(env unreadable: " + String(error) + ")"; }
  found.push(via + " reached " + typeof host + " " + env);
};
const attempt = (via: string, reach: () => unknown): void => { try { report(via, reach()); } catch { /* blocked */ } };
const BODY = "return typeof process === 'undefined' ? undefined : process";
const EXPR = "typeof process === 'undefined' ? undefined : process";
`;

const ENTRY = String.raw`
export function add(a: number, b: number): number {
  probeAtCall();
  if (found.length === 0) return a + b;
  console.log(found.join("\n"));
  throw new Error("found: " + found.join("; "));
}`;

const probe = (route: string, atLoad: string, atCall = ""): EnvProbe => ({
  route,
  code: `${PRELUDE}\n${atLoad}\nfunction probeAtCall(): void {\n${atCall}\n}\n${ENTRY}`,
});

export const envProbes: EnvProbe[] = [
  probe(
    "the process global",
    String.raw`
const g = globalThis as Record<string, any>;
attempt("process", () => (typeof process === "undefined" ? undefined : process));
attempt("globalThis.process", () => g.process);
attempt("global.process", () => g.global?.process);
attempt("self.process", () => g.self?.process);
attempt("Buffer", () => (typeof Buffer === "undefined" ? undefined : Buffer));
for (const name of ["BETTER_AUTH_SECRET", "DATABASE_URL", "PUBLIC_URL", "env"]) attempt("globalThis." + name, () => g[name]);`,
  ),
  probe(
    "constructor.constructor",
    String.raw`
import * as sim from "@pagewise/sim";
declare const require: unknown;
attempt("({}).constructor.constructor", () => ({}).constructor.constructor(BODY)());
attempt("[].constructor.constructor", () => [].constructor.constructor(BODY)());
attempt("require.constructor", () => (require as any).constructor(BODY)());
attempt("console.log.constructor", () => (console.log as any).constructor(BODY)());
for (const [name, value] of Object.entries(sim)) attempt("sim." + name + ".constructor", () => (value as any).constructor.constructor(BODY)());`,
    String.raw`attempt("arguments.constructor at call", () => (arguments as any).constructor.constructor(BODY)());`,
  ),
  probe(
    "Function, async and generator constructors",
    String.raw`
const proto = (f: unknown) => Object.getPrototypeOf(f).constructor as new (body: string) => (...args: unknown[]) => any;
attempt("Function", () => new Function(BODY)());
attempt("GeneratorFunction", () => new (proto(function* () {}))(BODY)().next().value);
try { new (proto(async function () {}))(BODY)().then((v: unknown) => report("AsyncFunction", v), () => {}); } catch { /* blocked */ }
try { new (proto(async function* () {}))(BODY)().next().then((r: { value: unknown }) => report("AsyncGeneratorFunction", r.value), () => {}); } catch { /* blocked */ }`,
  ),
  probe(
    "eval and Function see only the isolate",
    String.raw`
attempt("eval", () => eval(EXPR));
attempt("indirect eval", () => (0, eval)(EXPR));
attempt("indirect eval this.process", () => (0, eval)("this").process);
attempt("Function this.process", () => new Function("return this")().process);`,
  ),
  probe(
    "stack frames expose no host objects",
    String.raw`
function stackProbe(where: string): void {
  const E = Error as unknown as { prepareStackTrace: unknown; captureStackTrace: (o: object) => void };
  const saved = E.prepareStackTrace;
  E.prepareStackTrace = (_e: unknown, frames: unknown) => frames;
  const holder: { stack?: unknown } = {};
  let frames: any[] = [];
  try { frames = new Error().stack as unknown as any[]; E.captureStackTrace(holder); } catch { /* blocked */ }
  E.prepareStackTrace = saved;
  for (const list of [frames, holder.stack]) {
    if (!Array.isArray(list)) continue;
    for (const [i, f] of list.entries()) {
      attempt(where + " frame " + i + " this.process", () => f.getThis?.()?.process);
      attempt(where + " frame " + i + " this.constructor", () => f.getThis?.()?.constructor?.constructor?.(BODY)());
      attempt(where + " frame " + i + " function", () => f.getFunction?.()?.constructor?.(BODY)());
    }
  }
}
stackProbe("load");
let stackProbedAtCall = false;`,
    String.raw`if (!stackProbedAtCall) { stackProbedAtCall = true; stackProbe("call"); }`,
  ),
  probe(
    "dynamic import()",
    String.raw`
for (const name of ["node:process", "process", "node:fs", "fs", "node:child_process"]) {
  try { import(name).then((m: { default?: unknown }) => report("import(" + name + ")", m.default ?? m), () => {}); } catch { /* blocked */ }
}
try { (0, eval)('import("node:process")').then((m: { default?: unknown }) => report("eval import()", m.default ?? m), () => {}); } catch { /* blocked */ }`,
  ),
  probe(
    "require and module",
    String.raw`
declare const require: any;
declare const module: any;
for (const name of ["process", "node:process", "fs", "child_process", "module"]) attempt("require(" + name + ")", () => require(name));
attempt("module.require", () => module.require?.("process"));
attempt("module.constructor._load", () => module.constructor?._load?.("process"));
attempt("require.main", () => require.main?.require?.("process"));
attempt("require.cache", () => (require.cache ? Object.values(require.cache)[0] : undefined));
attempt("module.parent", () => module.parent);`,
  ),
  probe(
    "everything reachable from globalThis",
    String.raw`
const seen = new Set<unknown>();
const walk = (value: unknown, path: string, depth: number): void => {
  if (depth > 4 || value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
  seen.add(value);
  let keys: PropertyKey[] = [];
  try { keys = Reflect.ownKeys(value as object); } catch { return; }
  for (const key of keys) {
    const name = path + "." + String(key);
    let child: unknown;
    try { child = (value as Record<PropertyKey, unknown>)[key]; } catch { continue; }
    if (/^(process|require|Buffer|env|pid|versions|argv|execPath)$|SECRET|DATABASE|PUBLIC_URL|AUTH/i.test(String(key))) report(name, { env: child });
    walk(child, name, depth + 1);
  }
  try { walk(Object.getPrototypeOf(value), path + ".__proto__", depth + 1); } catch { /* exotic */ }
};
walk(globalThis, "globalThis", 0);`,
  ),
  probe(
    "the caller chain",
    "",
    String.raw`
(function sloppy(this: unknown) {
  let f: any;
  try { f = (sloppy as any).caller; } catch { return; }
  for (let i = 0; f && i < 10; i++) {
    const current = f;
    attempt("caller " + i, () => current.constructor(BODY)());
    try { f = f.caller; } catch { return; }
  }
})();`,
  ),
];
