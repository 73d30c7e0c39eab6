import "server-only";
import { compileMdxSource } from "../../content/kit/compile-mdx";

/** Compiled lessons by content hash: a compile costs ~0.5 s cold and ~20 ms warm, a lookup nothing. */
const compiled = new Map<string, Promise<string>>();
const MAX_CACHED = 500;

/**
 * Compiles an MDX document to the code mdx-bundler's getMDXComponent runs, cached by its hash.
 * Components are provided at render time (components/mdx), so the compiled code imports nothing.
 */
export function compileMdx(source: string, contentHash: string): Promise<string> {
  const hit = compiled.get(contentHash);
  if (hit) return hit;
  const pending = compileMdxSource(source).then((result) => result.code);
  pending.catch(() => compiled.delete(contentHash));
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(contentHash, pending);
  return pending;
}
