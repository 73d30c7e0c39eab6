import { Worker } from "node:worker_threads";

// A deadline that still fires while the worker's main thread is stuck inside a synchronous isolate call (the
// sandbox calls isolated-vm synchronously, so a timer on the main event loop cannot interrupt a call whose own
// timeout failed). It lives in a thread of its own: on expiry it writes the reason to stderr with a direct
// write(2) and SIGKILLs this process. The pool then reports that stderr line as why the worker ended.

const WATCHDOG_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
let timer = null;
parentPort.on("message", (message) => {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (message.type !== "arm") return;
  timer = setTimeout(() => {
    try { writeSync(2, message.text + "\\n"); } finally { process.kill(process.pid, "SIGKILL"); }
  }, message.ms);
});
`;

export interface Watchdog {
  /** Kills this process with `text` on stderr unless disarmed (or re-armed) within `ms`. */
  arm(ms: number, text: string): void;
  disarm(): void;
  /** Ends the thread; the watchdog cannot be used afterwards. */
  stop(): Promise<void>;
}

/** Starts the watchdog thread (unref'd: it never keeps the worker alive on its own). */
export function startWatchdog(): Watchdog {
  const thread = new Worker(WATCHDOG_SOURCE, { eval: true });
  thread.unref();
  return {
    arm: (ms, text) => thread.postMessage({ type: "arm", ms, text }),
    disarm: () => thread.postMessage({ type: "disarm" }),
    stop: async () => {
      await thread.terminate();
    },
  };
}
