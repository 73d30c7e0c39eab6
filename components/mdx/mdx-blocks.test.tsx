import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { compileMdxSource } from "../../content/kit/compile-mdx";
import { MdxContent } from "./mdx-content";

// A lesson's tables and code blocks as the page renders them: each in a focusable, named box that scrolls.

async function render(source: string): Promise<string> {
  const { code } = await compileMdxSource(source);
  return renderToStaticMarkup(<MdxContent code={code} />);
}

describe("tables and code blocks in a lesson", () => {
  it("a GFM table scrolls in a focusable region named by its column headings", async () => {
    const html = await render("| Level | Bits |\n|---|---|\n| PGD | 47:39 |\n");
    expect(html).toMatch(
      /^<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Level, Bits"><table>/,
    );
  });

  it("a code block takes focus and is named by its language and first line, cut when long", async () => {
    const html = await render(
      "```c\n\nstatic int my_mmap(struct file *filp, struct vm_area_struct *vma, unsigned long extra)\n{\n}\n```\n",
    );
    expect(html).toContain(
      '<pre tabindex="0" role="region" aria-label="C code: static int my_mmap(struct file *filp, struct vm_area_struct…">',
    );
    expect(await render("```\nplain\n```\n")).toContain('aria-label="Code: plain"');
  });
});
