import type { Outcome } from "../../contract/grade-result";

// The hostile suite: programs a learner might submit to escape, stall, crash or fool the grader, each with
// the verdict it MUST get. Escape and leak probes are written so that the CORRECT answer is only returned when
// the probe finds nothing: "graded, full score" proves the sandbox held; a leak turns into a lost score.
// add-two-numbers: add(a, b) => a + b, 4 points. page-walk: translate(memory, cr3, va) => pa | null, 3 points.

export interface HostileProgram {
  name: string;
  family: string;
  exercise: "add-two-numbers" | "page-walk";
  code: string;
  /** Acceptable statuses (more than one only where two limits legitimately race). */
  status: Outcome[];
  /** "full": every point; "zero": none. */
  score: "full" | "zero";
  /** Text the result's message, a check's message or the console must contain. */
  mentions?: string;
}

const ADD = "export function add(a: number, b: number): number { return a + b; }";
const WRONG_ADD = "export function add(a: number, b: number): number { return a - b; }";
/** Returns the right sum only when `leaked` is false at call time. */
const addUnless = (probe: string) => `${probe}\nexport function add(a: number, b: number): number { return leaked ? -1 : a + b; }`;
const WASM_LOOP = "[0,97,115,109,1,0,0,0,1,4,1,96,0,0,3,2,1,0,7,5,1,1,102,0,0,10,9,1,7,0,3,64,12,0,11,11]";

const program = (p: HostileProgram) => p;

export const hostilePrograms: HostileProgram[] = [
  // Infinite loops: plain, microtask, async, in a getter.
  program({ family: "loop", name: "endless loop at top level", exercise: "add-two-numbers", code: `for (;;) {}\n${ADD}`, status: ["timeout"], score: "zero", mentions: "top level" }),
  program({ family: "loop", name: "endless loop in the function", exercise: "add-two-numbers", code: "export function add() { for (;;) {} }", status: ["timeout"], score: "zero", mentions: "longer than" }),
  program({ family: "loop", name: "endless microtask chain at load", exercise: "add-two-numbers", code: `Promise.resolve().then(function again(): Promise<void> { return Promise.resolve().then(again); });\n${ADD}`, status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "endless microtasks queued by the function", exercise: "add-two-numbers", code: "export function add(a: number, b: number) { const spin = (): unknown => queueMicrotask(spin); if (typeof queueMicrotask === 'function') spin(); else Promise.resolve().then(function f(): unknown { return Promise.resolve().then(f); }); return a + b; }", status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "async endless loop", exercise: "add-two-numbers", code: `(async () => { for (;;) await 0; })();\n${ADD}`, status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "async function as the answer", exercise: "add-two-numbers", code: "export async function add(a: number, b: number) { return a + b; }", status: ["graded"], score: "zero", mentions: "Promise" }),
  program({ family: "loop", name: "endless getter on the export", exercise: "add-two-numbers", code: "Object.defineProperty(exports, 'add', { get() { for (;;) {} } });", status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "endless getter in the answer", exercise: "page-walk", code: "export function translate() { return { get pa(): number { for (;;) {} } }; }", status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "endless toJSON", exercise: "add-two-numbers", code: "export function add() { return { toJSON() { for (;;) {} } }; }", status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "Atomics.wait on a SharedArrayBuffer", exercise: "add-two-numbers", code: `const cell = new Int32Array(new SharedArrayBuffer(4));\nexport function add(a: number, b: number) { Atomics.wait(cell, 0, 0); return a + b; }`, status: ["timeout"], score: "zero" }),
  program({ family: "loop", name: "WebAssembly endless loop", exercise: "add-two-numbers", code: `const m = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${WASM_LOOP})));\nexport function add(a: number, b: number) { (m.exports.f as () => void)(); return a + b; }`, status: ["timeout"], score: "zero" }),

  // Memory bombs: arrays, strings, typed arrays, maps, closures, WebAssembly memory.
  program({ family: "memory", name: "ever-growing array of arrays", exercise: "add-two-numbers", code: `const hoard: number[][] = []; for (;;) hoard.push(new Array(1e5).fill(1));\n${ADD}`, status: ["memory_limit", "timeout"], score: "zero" }),
  program({ family: "memory", name: "ever-growing list of big strings", exercise: "add-two-numbers", code: `const hoard: string[] = []; for (;;) hoard.push("x".repeat(1e6) + hoard.length);\n${ADD}`, status: ["memory_limit", "timeout"], score: "zero" }),
  program({ family: "memory", name: "string doubling", exercise: "add-two-numbers", code: `let s = "x"; for (;;) s += s;\n${ADD}`, status: ["runtime_error"], score: "zero", mentions: "Invalid string length" }),
  program({ family: "memory", name: "2 GB ArrayBuffer", exercise: "add-two-numbers", code: `const big = new ArrayBuffer(2 ** 31);\nexport function add() { return big.byteLength; }`, status: ["memory_limit"], score: "zero" }),
  program({ family: "memory", name: "many typed arrays", exercise: "add-two-numbers", code: `const hoard: Uint8Array[] = []; for (let i = 0; i < 10000; i++) hoard.push(new Uint8Array(1 << 20));\n${ADD}`, status: ["memory_limit"], score: "zero" }),
  program({ family: "memory", name: "typed arrays inside the function", exercise: "add-two-numbers", code: "const hoard: Float64Array[] = []; export function add(a: number, b: number) { for (let i = 0; i < 10000; i++) hoard.push(new Float64Array(1 << 17)); return a + b; }", status: ["memory_limit"], score: "zero" }),
  program({ family: "memory", name: "ever-growing Map", exercise: "add-two-numbers", code: `const m = new Map<number, object>(); for (let i = 0; ; i++) m.set(i, { i });\n${ADD}`, status: ["memory_limit", "timeout"], score: "zero" }),
  program({ family: "memory", name: "closures holding arrays", exercise: "add-two-numbers", code: `const fns: (() => number[])[] = []; for (let i = 0; ; i++) { const big = new Array(1000).fill(i); fns.push(() => big); }\n${ADD}`, status: ["memory_limit", "timeout"], score: "zero" }),
  program({ family: "memory", name: "WebAssembly memory filled", exercise: "add-two-numbers", code: `const mem = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); for (;;) { mem.grow(256); new Uint8Array(mem.buffer).fill(1); }\n${ADD}`, status: ["memory_limit", "runtime_error", "timeout"], score: "zero" }),

  // Deep recursion.
  program({ family: "recursion", name: "unbounded recursion at load", exercise: "add-two-numbers", code: `function down(n: number): number { return down(n + 1) + 1; }\ndown(0);\n${ADD}`, status: ["runtime_error"], score: "zero", mentions: "Maximum call stack" }),
  program({ family: "recursion", name: "unbounded recursion in the function", exercise: "add-two-numbers", code: "function down(n: number): number { return down(n + 1) + 1; }\nexport function add() { return down(0); }", status: ["graded"], score: "zero", mentions: "Maximum call stack" }),
  program({ family: "recursion", name: "recursion caught, then the right answer", exercise: "add-two-numbers", code: "function down(n: number): number { return down(n + 1) + 1; }\nexport function add(a: number, b: number) { try { down(0); } catch { /* survived */ } return a + b; }", status: ["graded"], score: "full" }),

  // Reaching the host: process, require, import(), fetch, globalThis, the constructor.constructor family.
  program({ family: "escape", name: "process, Buffer, fetch and timers are absent", exercise: "add-two-numbers", code: addUnless("const leaked = [typeof process, typeof Buffer, typeof fetch, typeof setTimeout, typeof setImmediate, typeof globalThis.require, typeof (globalThis as Record<string, unknown>).global].some((t) => t !== 'undefined');"), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "require of a Node module", exercise: "add-two-numbers", code: `import { readFileSync } from "node:fs";\nexport function add() { return readFileSync("/etc/passwd", "utf8").length; }`, status: ["runtime_error"], score: "zero", mentions: "only module available" }),
  program({ family: "escape", name: "require of child_process at call time", exercise: "add-two-numbers", code: `declare const require: (name: string) => { execSync(c: string): unknown };\nexport function add(a: number, b: number) { require("child_process").execSync("touch /tmp/pwned"); return a + b; }`, status: ["graded"], score: "zero", mentions: "only module available" }),
  program({ family: "escape", name: "dynamic import()", exercise: "add-two-numbers", code: addUnless(`let leaked = false;\nimport("node:fs").then(() => { leaked = true; }, () => {});\n(0, eval)('import("fs")').then(() => { leaked = true; }, () => {});`), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "this.constructor.constructor", exercise: "add-two-numbers", code: addUnless(`let leaked = false;\ntry { leaked = typeof (this as { constructor: { constructor: (s: string) => () => unknown } }).constructor.constructor("return process")() !== "undefined"; } catch { /* ReferenceError: the isolate has no process */ }`), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "Function, async and generator constructors", exercise: "add-two-numbers", code: addUnless(`const makers = [Function, Object.getPrototypeOf(async function () {}).constructor, Object.getPrototypeOf(function* () {}).constructor, ({}).constructor.constructor];\nlet leaked = false;\nfor (const Make of makers) { try { const g = new Make("return this")(); if (g && (g.process || g.require || g.Buffer)) leaked = true; } catch { /* fine */ } }`), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "eval and Function see only the isolate", exercise: "add-two-numbers", code: addUnless(`const leaked = eval("typeof process") !== "undefined" || new Function("return typeof require")() !== "undefined" || (0, eval)("this").process !== undefined;`), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "stack frames expose no host objects", exercise: "add-two-numbers", code: addUnless(`let leaked = false;\n(Error as unknown as { prepareStackTrace: unknown }).prepareStackTrace = (_e: unknown, frames: { getThis(): unknown; getFunction(): unknown }[]) => frames;\nconst frames = new Error().stack as unknown as { getThis(): unknown; getFunction(): unknown }[];\nfor (const f of frames) { const self = f.getThis() as Record<string, unknown> | undefined; if (self && (self.process || self.require)) leaked = true; }`), status: ["graded"], score: "full" }),
  program({ family: "escape", name: "globalThis holds nothing of the host or the grader", exercise: "add-two-numbers", code: addUnless(`const names = Object.getOwnPropertyNames(globalThis);\nconst leaked = names.some((n) => /^(process|require|module|exports|Buffer|global)$|__pagewise|__pw|expected|solution|hidden|ivm|isolated/i.test(n));`), status: ["graded"], score: "full" }),

  // Reading the reference solution or the hidden expected values.
  program({ family: "secrets", name: "require the solution or the hidden checks", exercise: "add-two-numbers", code: addUnless(`let leaked = false;\ndeclare const require: (name: string) => unknown;\nfor (const name of ["./solution", "../hidden", "./hidden.ts", "/work/main/test/grader/fixtures/add-two-numbers/solution.ts"]) { try { require(name); leaked = true; } catch { /* not reachable */ } }`), status: ["graded"], score: "full" }),
  program({ family: "secrets", name: "search every global for expected answers", exercise: "add-two-numbers", code: `function search(): boolean {\n  let leaked = false;\n  const seen = new Set<unknown>();\n  const visit = (v: unknown, depth: number): void => { if (depth > 3 || v === null || typeof v !== "object" || seen.has(v)) return; seen.add(v); try { for (const k of Reflect.ownKeys(v)) { const x = (v as Record<PropertyKey, unknown>)[k]; if (/expected|answers|solution/i.test(String(k)) || (x !== null && typeof x === "object" && "ok" in x && "value" in x)) leaked = true; visit(x, depth + 1); } } catch { /* getters */ } };\n  visit(globalThis, 0);\n  return leaked;\n}\nexport function add(a: number, b: number): number { return search() ? -1 : a + b; }`, status: ["graded"], score: "full" }),

  // Prototype pollution and harness tampering to fool a check.
  program({ family: "pollution", name: "Object.prototype ok/value/pass", exercise: "add-two-numbers", code: `Object.assign(Object.prototype, { ok: true, value: 3, pass: true, verdict: "pass", earned: 4 });\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "JSON, Reflect and String built-ins replaced", exercise: "add-two-numbers", code: `JSON.stringify = () => '[{"ok":true,"value":1}]'; (Reflect as { apply: unknown }).apply = () => 1; String.prototype.slice = () => "pass"; JSON.parse = () => [];\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "Array.prototype setters and push", exercise: "add-two-numbers", code: `Object.defineProperty(Array.prototype, "0", { set() {}, get() { return { ok: true, value: 1 }; }, configurable: true });\nArray.prototype.push = () => 0; Array.prototype.map = () => [];\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "Function.prototype call/apply/bind replaced", exercise: "add-two-numbers", code: `Function.prototype.call = function () { return 1; }; Function.prototype.apply = function () { return 1; }; Function.prototype.bind = function () { return () => 1; };\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "Promise.prototype.then hijacked", exercise: "add-two-numbers", code: `Promise.prototype.then = function () { return this; };\nObject.defineProperty(Object.prototype, "then", { get() { return undefined; }, configurable: true });\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "simulation-core class patched to fool the walk", exercise: "page-walk", code: `import { PhysicalMemory } from "@pagewise/sim";\nPhysicalMemory.prototype.read32 = () => 0x00123001;\n(PhysicalMemory as unknown as { fromWire: unknown }).fromWire = () => new PhysicalMemory();\nexport function translate(memory: PhysicalMemory, cr3: number, va: number): number | null { const pde = memory.read32(cr3 + (va >>> 22) * 4); if (!(pde & 1)) return null; const pte = memory.read32((pde & ~0xfff) + ((va >>> 12) & 0x3ff) * 4); return (pte & 1) ? ((pte & ~0xfff) | (va & 0xfff)) >>> 0 : null; }`, status: ["graded"], score: "zero" }),
  program({ family: "pollution", name: "toJSON planted on Object.prototype and Array.prototype to rewrite answers", exercise: "page-walk", code: `import type { PhysicalMemory } from "@pagewise/sim";\nlet planted = false;\nconst forge = function (this: unknown) { planted = true; return this; };\nfor (const proto of [Object.prototype, Array.prototype]) { try { Object.defineProperty(proto, "toJSON", { value: forge, configurable: true }); } catch { /* locked */ } try { (proto as { toJSON?: unknown }).toJSON = forge; } catch { /* locked */ } }\nexport function translate(memory: PhysicalMemory, cr3: number, va: number): number | null { if (planted) return null; const pde = memory.read32(cr3 + (va >>> 22) * 4); if (!(pde & 1)) return null; const pte = memory.read32((pde & ~0xfff) + ((va >>> 12) & 0x3ff) * 4); return (pte & 1) ? ((pte & ~0xfff) | (va & 0xfff)) >>> 0 : null; }`, status: ["graded"], score: "full" }),
  program({ family: "pollution", name: "overriding the harness's register and console", exercise: "add-two-numbers", code: `const g = globalThis as Record<string, unknown>;\ng.__pagewise_register = () => {}; g.__pw_factory = () => {}; g.console = { log() { throw new Error("no"); } };\nfor (const k of Object.getOwnPropertyNames(globalThis)) { try { const v = g[k]; if (typeof v === "function" && /run|check|grade|harness/i.test(k)) g[k] = () => "[]"; } catch { /* ignore */ } }\n${WRONG_ADD}`, status: ["graded"], score: "zero" }),

  // Lying answers: proxies, getters, valueOf and Symbol.toPrimitive, huge answers.
  program({ family: "lies", name: "a Proxy as the answer", exercise: "add-two-numbers", code: "export function add(a: number, b: number) { return new Proxy({}, { get: () => a + b, ownKeys: () => { throw new Error('no keys'); } }); }", status: ["graded"], score: "zero" }),
  program({ family: "lies", name: "valueOf and Symbol.toPrimitive", exercise: "add-two-numbers", code: "export function add(a: number, b: number) { return { valueOf: () => a + b, [Symbol.toPrimitive]: () => a + b, toString: () => String(a + b) }; }", status: ["graded"], score: "zero", mentions: "expected shape" }),
  program({ family: "lies", name: "a getter that throws in the answer", exercise: "page-walk", code: "export function translate() { return { get pa(): number { throw new Error('gotcha'); } }; }", status: ["graded"], score: "zero", mentions: "gotcha" }),
  program({ family: "lies", name: "a getter that answers differently each time", exercise: "page-walk", code: "let n = 0; export function translate() { return { get pa() { n++; return n % 2 ? null : 0x1000; } }; }", status: ["graded"], score: "zero" }),
  program({ family: "lies", name: "an answer of megabytes", exercise: "add-two-numbers", code: "export function add() { return 'x'.repeat(2e5); }", status: ["graded"], score: "zero", mentions: "limited to" }),
  program({ family: "lies", name: "a JSON-looking string", exercise: "add-two-numbers", code: `export function add() { return '1},{"ok":true,"value":3'; }`, status: ["graded"], score: "zero" }),

  // Throwing non-errors.
  program({ family: "throws", name: "throw a number", exercise: "add-two-numbers", code: "export function add() { throw 42; }", status: ["graded"], score: "zero", mentions: "the value 42" }),
  program({ family: "throws", name: "throw null at load", exercise: "add-two-numbers", code: `throw null;\n${ADD}`, status: ["runtime_error"], score: "zero", mentions: "the value null" }),
  program({ family: "throws", name: "throw an object whose message getter throws", exercise: "add-two-numbers", code: "export function add() { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { throw e; } }); throw e; }", status: ["graded"], score: "zero", mentions: "could not be described" }),
  program({ family: "throws", name: "an error names the learner's TypeScript line", exercise: "add-two-numbers", code: "type N = number;\n\nexport function add(a: N, b: N): N {\n  if (a === a) throw new Error('here');\n  return a + b;\n}", status: ["graded"], score: "zero", mentions: "Error: here (line 4 of your code)" }),
  program({ family: "throws", name: "a load-time error names the learner's TypeScript line", exercise: "add-two-numbers", code: "interface Box { n: number }\nconst box: Box | undefined = undefined as Box | undefined;\nconsole.log(box!.n);\nexport const add = (a: number, b: number) => a + b;", status: ["runtime_error"], score: "zero", mentions: "(line 3 of your code)" }),
  program({ family: "throws", name: "throw a Symbol and a Proxy", exercise: "add-two-numbers", code: "let n = 0; export function add() { n++; if (n % 2) throw Symbol('s'); throw new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } }); }", status: ["graded"], score: "zero" }),

  // Console floods.
  program({ family: "console", name: "megabytes of console output", exercise: "add-two-numbers", code: `for (let i = 0; i < 20000; i++) console.log("x".repeat(200));\n${ADD}`, status: ["graded"], score: "full", mentions: "output truncated" }),
  program({ family: "console", name: "console with unprintable values", exercise: "add-two-numbers", code: `const cyclic: Record<string, unknown> = {}; cyclic.self = cyclic;\nconsole.log(cyclic, Symbol("s"), 10n, new Proxy({}, { ownKeys() { throw new Error("x"); } }), undefined);\nconsole.error("to stderr");\n${ADD}`, status: ["graded"], score: "full", mentions: "[error] to stderr" }),

  // Replacing Math.random or Date: the grader must not depend on the isolate's clock or randomness.
  program({ family: "nondeterminism", name: "Math.random and Date replaced", exercise: "add-two-numbers", code: `Math.random = () => 0; Date.now = () => 0; (globalThis as Record<string, unknown>).Date = function () { return { getTime: () => 0 }; };\n${ADD}`, status: ["graded"], score: "full" }),
  program({ family: "nondeterminism", name: "answers that depend on randomness", exercise: "add-two-numbers", code: "export function add(a: number, b: number) { return Math.random() < 2 ? a - b : a + b; }", status: ["graded"], score: "zero" }),

  // Limits and malformed programs.
  program({ family: "limits", name: "code over the size limit", exercise: "add-two-numbers", code: `// ${"x".repeat(70 * 1024)}\n${ADD}`, status: ["compile_error"], score: "zero", mentions: "limit" }),
  program({ family: "limits", name: "syntax error", exercise: "add-two-numbers", code: "export function add(a: number, b: number) {\n  return a + ;\n}", status: ["compile_error"], score: "zero", mentions: "line 2" }),
  program({ family: "limits", name: "no entry function", exercise: "add-two-numbers", code: "export const plus = (a: number, b: number) => a + b;", status: ["runtime_error"], score: "zero", mentions: "does not export a function named add" }),
];
