import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentEventStream, createContentWatcher } from "./watch";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "pagewise-watch-"));
  await mkdir(path.join(root, "course/01.module/01.lesson"), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Resolves with the first event, or rejects after `ms` (a bound on the wait, not a timing assertion). */
function next<T>(register: (resolve: (value: T) => void) => void, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no change event")), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("content live reload", () => {
  it("reports a burst of writes deep in the tree as one change, with its path", async () => {
    const watcher = createContentWatcher(root);
    const seen: string[] = [];
    const first = next<string>((resolve) => {
      const stop = watcher.subscribe((file) => {
        seen.push(file);
        resolve(file);
        setTimeout(stop, 400);
      });
    });
    const lesson = path.join(root, "course/01.module/01.lesson/lesson.mdx");
    await writeFile(lesson, "# one");
    await writeFile(lesson, "# two");
    expect(await first).toBe(path.join("course", "01.module", "01.lesson", "lesson.mdx"));
    await new Promise((r) => setTimeout(r, 500));
    expect(seen).toHaveLength(1);
  });

  it("streams server-sent events until the browser goes away", async () => {
    const abort = new AbortController();
    const reader = contentEventStream(createContentWatcher(root), abort.signal).getReader();
    const decode = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await decode()).toBe(": watching content/\n\n");
    await writeFile(path.join(root, "course/01.module/01.lesson/lesson.mdx"), "# three");
    expect(await decode()).toMatch(
      /^event: content\ndata: \{"file":"course\/01\.module\/01\.lesson\/lesson\.mdx"\}\n\n$/,
    );
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
