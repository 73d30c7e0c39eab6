import { watch, type FSWatcher } from "node:fs";

// Development only: tells open lesson pages that a file under content/ changed, so they re-render without a manual
// reload. One recursive watcher per process, shared by every listener, closed when the last one leaves.

export type ContentChangeListener = (relativePath: string) => void;

/** Editors save in bursts (write, rename, chmod): changes closer together than this are one change. */
export const CONTENT_CHANGE_DEBOUNCE_MS = 120;

export interface ContentWatcher {
  /** Calls `listener` once per burst of changes under the root; returns the function that stops it. */
  subscribe(listener: ContentChangeListener): () => void;
}

/** A watcher of `root` (recursive, Linux and macOS): starts with the first subscriber, stops after the last. */
export function createContentWatcher(root: string): ContentWatcher {
  const listeners = new Set<ContentChangeListener>();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastPath = "";

  const flush = () => {
    timer = null;
    for (const listener of listeners) listener(lastPath);
  };
  const start = () => {
    watcher = watch(root, { recursive: true }, (_event, filename) => {
      lastPath = filename ? String(filename) : "";
      timer ??= setTimeout(flush, CONTENT_CHANGE_DEBOUNCE_MS);
    });
    // A deleted content folder or a watcher limit must not take the dev server down: stop watching and say so.
    watcher.on("error", (error) => {
      console.warn(`[content] live reload stopped watching ${root}: ${String(error)}`);
      stop();
    });
  };
  const stop = () => {
    watcher?.close();
    watcher = null;
    if (timer) clearTimeout(timer);
    timer = null;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!watcher) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
  };
}

/** Server-sent events for one browser tab: a "content" event per change, a comment every 25 s to keep it open. */
export function contentEventStream(watcher: ContentWatcher, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const unsubscribe = watcher.subscribe((file) => send(`event: content\ndata: ${JSON.stringify({ file })}\n\n`));
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), 25_000);
      cleanup = () => {
        clearInterval(keepAlive);
        unsubscribe();
      };
      signal.addEventListener("abort", () => {
        cleanup();
        controller.close();
      });
      send(": watching content/\n\n");
    },
    cancel() {
      cleanup();
    },
  });
}
