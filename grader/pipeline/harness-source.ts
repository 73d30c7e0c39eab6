// The harness: the first code evaluated in every fresh isolate, before the sandbox runtime (sim's learner API +
// the exercise's adapter) and before the learner's module. It is plain JavaScript in a string (not bundled TS) so
// that no bundler helper or host value can slip into the isolate.
//
// Why it looks the way it does:
// - Everything it uses (JSON.stringify, Reflect.apply, String.prototype.slice, Object.create, the adapter's
//   functions) is captured NOW, before learner code runs, so a learner who replaces built-ins or the adapter
//   can only change their own answers, never how answers are carried out.
// - Its API object is the completion value of the script, held by the host as a Reference: it is never put on
//   globalThis, so the learner cannot reach or wrap it. The two globals it uses to receive the runtime and the
//   learner's module factory are deleted the moment they are read, before any learner code runs.
// - Answers leave as ONE JSON string built by concatenation of JSON.stringify outputs, so whatever the learner
//   returns (proxies, lying getters, toJSON, Symbol.toPrimitive) the host receives only a bounded string that
//   it parses and validates itself. Expected answers never come in: judging happens on the host.
// - Indexed writes go to prototype-less objects so setters planted on Array.prototype or Object.prototype
//   cannot intercept them.
// - A learner error's position (the first "submission.js:LINE:COL" of its stack, found with the captured
//   RegExp exec) goes out as two numbers; the host maps them to the TypeScript line with its source map.

/** Upper bounds on what comes out of the isolate, so a learner cannot make the host copy megabytes. */
export const ANSWER_LIMITS = {
  /** One case's answer, as JSON characters. */
  caseChars: 64 * 1024,
  /** All answers of one check together. */
  groupChars: 2 * 1024 * 1024,
  /** A learner error description. */
  errorChars: 1000,
} as const;

/** Evaluates to `setup(sink, consoleChars, caseChars, groupChars, errorChars) => { load, runGroup, progress, loadErrorAt }`. */
export const HARNESS_SOURCE = String.raw`(function setup(sink, consoleChars, caseChars, groupChars, errorChars) {
  "use strict";
  const global = globalThis;
  const apply = Reflect.apply;
  const stringify = JSON.stringify;
  const create = Object.create;
  const StringCtor = String;
  const ErrorCtor = Error;
  const sliceString = String.prototype.slice;
  const clip = (text, limit) => (text.length > limit ? apply(sliceString, text, [0, limit]) + "…" : text);
  const execRegExp = RegExp.prototype.exec;
  const NumberCtor = Number;
  const positionPattern = /submission\.js:(\d{1,7}):(\d{1,7})/;

  // JSON.stringify calls any toJSON it finds on an answer's prototype chain: one planted on Object.prototype or
  // Array.prototype would rewrite every answer an adapter builds (a proof, a page table), not just the learner's
  // own. On both, toJSON becomes an accessor that reads undefined and, assigned on another object, defines it there,
  // so a learner's own object may still carry a toJSON (and meet the per-check timeout if it loops).
  const defineProperty = Object.defineProperty;
  const lockToJson = (proto) => defineProperty(proto, "toJSON", {
    get: function () { return undefined; },
    set: function (value) {
      if (this === proto) throw new TypeError("toJSON cannot be set on a built-in prototype here");
      defineProperty(this, "toJSON", { value: value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: false,
    configurable: false,
  });
  lockToJson(Object.prototype);
  lockToJson(Array.prototype);

  let simApi = null, adapterObj = null, adapterPrepare = null, adapterCall = null, entryFn = null;
  let progress = -1, consoleLeft = consoleChars, consoleCut = false, loadErrorAt = null;

  const describe = (value) => {
    try {
      if (value instanceof ErrorCtor) {
        const name = value.name, message = value.message;
        return (typeof name === "string" ? name : "Error") + ": " + (typeof message === "string" ? message : "");
      }
      if (typeof value === "string") return "the string " + stringify(value) + " (throw new Error(...) to give a message)";
      if (value === null || (typeof value !== "object" && typeof value !== "function")) {
        return "the value " + StringCtor(value) + " (throw new Error(...) to give a message)";
      }
      return "a non-error object (throw new Error(...) to give a message)";
    } catch (_) {
      return "a value that could not be described";
    }
  };
  // "[line,column]" of the first frame in the learner's module, or null.
  const locate = (value) => {
    try {
      if (!(value instanceof ErrorCtor)) return null;
      const stack = value.stack;
      if (typeof stack !== "string") return null;
      const match = apply(execRegExp, positionPattern, [apply(sliceString, stack, [0, 8000])]);
      if (match === null) return null;
      return "[" + NumberCtor(match[1]) + "," + NumberCtor(match[2]) + "]";
    } catch (_) {
      return null;
    }
  };
  const errorPart = (text, at) => '{"ok":false,"error":' + stringify(clip(text, errorChars)) + (typeof at === "string" ? ',"at":' + at : "") + "}";

  const format = (value) => {
    if (typeof value === "string") return value;
    try {
      if (value !== null && typeof value === "object") { const json = stringify(value); if (typeof json === "string") return json; }
      return StringCtor(value);
    } catch (_) { return "[unprintable]"; }
  };
  const write = (stream, args) => {
    if (consoleLeft <= 0) {
      if (!consoleCut) { consoleCut = true; sink("", true); }
      return;
    }
    let line = stream === "log" ? "" : "[" + stream + "] ";
    for (let i = 0; i < args.length; i++) line += (i > 0 ? " " : "") + format(args[i]);
    line = line.length > consoleLeft ? apply(sliceString, line, [0, consoleLeft]) : line + "\n";
    consoleLeft -= line.length;
    sink(line, false);
  };
  const console = create(null);
  console.log = function log(...args) { write("log", args); };
  console.info = function info(...args) { write("info", args); };
  console.debug = function debug(...args) { write("debug", args); };
  console.warn = function warn(...args) { write("warn", args); };
  console.error = function error(...args) { write("error", args); };
  global.console = console;

  // An adapter that sets sealsIntrinsics (exploit-cred: the victim machine lives in this isolate, beside the
  // learner) has the built-ins and sim's exported classes frozen here, before the learner's module loads, so that no
  // hook on Map.prototype.get, PhysicalMemory.prototype.read32, an iterator's next or a replaced global Map can see
  // the adapter's objects. Assigning to a sealed property throws a TypeError at the learner's line. A few names that
  // ordinary code assigns on its own objects (name, message, toString...) become accessors that define the property
  // on the object assigned to, so that "this.name = ..." in a subclass of Error still works (the override mistake).
  const sealIntrinsics = (sim) => {
    const freeze = Object.freeze, getProto = Object.getPrototypeOf, define = Object.defineProperty;
    const describeOwn = Object.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys;
    const overridable = ["name", "message", "toString", "toLocaleString", "valueOf", "constructor", "toJSON"];
    const seen = new Set();
    const allowOverride = (target) => {
      for (let i = 0; i < overridable.length; i++) {
        const key = overridable[i], desc = describeOwn(target, key);
        if (desc === undefined || !("value" in desc) || !desc.configurable) continue;
        const value = desc.value;
        define(target, key, {
          get: function () { return value; },
          set: function (next) {
            if (this === target) throw new TypeError('Cannot assign to read only property "' + StringCtor(key) + '" of a sealed built-in');
            define(this, key, { value: next, writable: true, enumerable: true, configurable: true });
          },
          enumerable: desc.enumerable,
          configurable: false,
        });
      }
    };
    const seal = (value) => {
      if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
      seen.add(value);
      allowOverride(value);
      freeze(value);
      if (typeof value === "function" && value.prototype !== undefined) seal(value.prototype);
      const proto = getProto(value);
      if (proto !== null) seal(proto);
    };
    const globals = ["Object", "Function", "Array", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry",
      "DataView", "ArrayBuffer", "SharedArrayBuffer", "Number", "BigInt", "String", "Boolean", "Symbol", "Error",
      "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError", "RegExp",
      "Promise", "Date", "Proxy", "Math", "JSON", "Reflect", "Atomics", "Iterator", "Int8Array", "Uint8Array",
      "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
      "BigInt64Array", "BigUint64Array", "parseInt", "parseFloat", "isNaN", "isFinite"];
    for (let i = 0; i < globals.length; i++) {
      const name = globals[i];
      if (!(name in global)) continue;
      seal(global[name]);
      define(global, name, { writable: false, configurable: false });
    }
    // Intrinsics with no global name: iterators, generators and async functions.
    seal([][Symbol.iterator]());
    seal(new Map()[Symbol.iterator]());
    seal(new Set()[Symbol.iterator]());
    seal(""[Symbol.iterator]());
    seal(/x/[Symbol.matchAll](""));
    seal(function* () {});
    seal(async function () {});
    seal(async function* () {});
    const keys = ownKeys(sim);
    for (let i = 0; i < keys.length; i++) seal(sim[keys[i]]);
    freeze(sim);
  };

  global.__pagewise_register = function register(sim, adapterModule) {
    delete global.__pagewise_register;
    const adapter = adapterModule.adapter || adapterModule.default;
    if (adapter.sealsIntrinsics === true) sealIntrinsics(sim);
    simApi = sim;
    adapterObj = adapter;
    adapterPrepare = adapter.prepare;
    adapterCall = adapter.call;
  };

  // Runs the learner's module; returns "K" (ok) or "E<description>" / "N<message>" (threw / no entry).
  const load = (entryName) => {
    const factory = global.__pw_factory;
    delete global.__pw_factory;
    if (simApi === null) return "Nthe sandbox runtime did not register (grader bug)";
    const module = { exports: {} };
    const require = function require(name) {
      if (name === "@pagewise/sim") return simApi;
      throw new ErrorCtor('Cannot import "' + StringCtor(name) + '" here: the only module available is "@pagewise/sim".');
    };
    try {
      apply(factory, module.exports, [module, module.exports, require]);
      const exported = module.exports;
      const fn = exported === null || exported === undefined ? undefined : exported[entryName];
      if (typeof fn !== "function") return "NYour code does not export a function named " + entryName + ". Write: export function " + entryName + "(...) { ... }";
      entryFn = fn;
      return "K";
    } catch (error) {
      loadErrorAt = locate(error);
      return "E" + clip(describe(error), errorChars);
    }
  };

  const runGroup = (group) => {
    const fixtures = group.fixtures, cases = group.cases, count = cases.length;
    const prepared = create(null), isPrepared = create(null);
    let out = "[", total = 0;
    for (let i = 0; i < count; i++) {
      progress = i;
      let part;
      try {
        const testCase = cases[i], f = testCase.fixture;
        if (isPrepared[f] !== true) { prepared[f] = apply(adapterPrepare, adapterObj, [fixtures[f]]); isPrepared[f] = true; }
        const answer = apply(adapterCall, adapterObj, [entryFn, prepared[f], testCase.input]);
        if (answer !== null && (typeof answer === "object" || typeof answer === "function") && typeof answer.then === "function") {
          part = errorPart("returned a Promise: return the answer itself (the function must not be async).");
        } else {
          const json = stringify(answer);
          if (typeof json !== "string") part = errorPart("returned " + (answer === undefined ? "undefined" : "a " + typeof answer) + ", which is not an answer.");
          else if (json.length > caseChars) part = errorPart("returned an answer of " + json.length + " characters; answers are limited to " + caseChars + ".");
          else part = '{"ok":true,"value":' + json + "}";
        }
      } catch (error) {
        part = errorPart("threw " + describe(error), locate(error));
      }
      if (total + part.length > groupChars) part = errorPart("answers to this check exceed " + groupChars + " characters in total.");
      total += part.length;
      out += (i > 0 ? "," : "") + part;
    }
    progress = -1;
    return out + "]";
  };

  const api = create(null);
  api.load = load;
  api.runGroup = runGroup;
  api.progress = () => progress;
  api.consoleCut = () => consoleCut;
  api.loadErrorAt = () => loadErrorAt;
  return api;
})`;
