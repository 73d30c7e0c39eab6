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

  global.__pagewise_register = function register(sim, adapterModule) {
    delete global.__pagewise_register;
    const adapter = adapterModule.adapter || adapterModule.default;
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
