import { getMDXComponent } from "mdx-bundler/client";
import { Callout } from "./callout";

/** The components a lesson may use, by the names MDX sees. */
export const mdxComponents = { Callout };

/** Renders compiled MDX (server component: the lesson's prose costs the browser nothing). */
export function MdxContent({ code }: { code: string }) {
  const Component = getMDXComponent(code);
  return <Component components={mdxComponents} />;
}
