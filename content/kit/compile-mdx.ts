import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";

/**
 * Compiles a lesson or prompt to the code mdx-bundler's getMDXComponent runs. One function for the
 * server and the content checks, so what is checked is what learners see. GitHub-flavoured Markdown:
 * lessons lean on tables (entry formats, error codes). Components come at render time (components/mdx).
 */
export async function compileMdxSource(source: string): Promise<{ code: string; frontmatter: Record<string, unknown> }> {
  const result = await bundleMDX({
    source,
    mdxOptions: (options) => ({ ...options, remarkPlugins: [...(options.remarkPlugins ?? []), remarkGfm] }),
  });
  return { code: result.code, frontmatter: result.frontmatter };
}
