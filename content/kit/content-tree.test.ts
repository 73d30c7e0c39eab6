import path from "node:path";
import { fileURLToPath } from "node:url";
import { getMDXComponent } from "mdx-bundler/client";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { mdxComponents } from "../../components/mdx/mdx-content";
import { exerciseCatalog } from "../catalog";
import { compileMdxSource } from "./compile-mdx";
import { loadCourses } from "./course-loader";

// The real content tree: it loads, the catalog matches it, and every lesson and prompt compiles and renders with
// the components lessons may use (components/mdx/mdx-content.tsx's mdxComponents, the same the pages use).

const contentRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repoRoot = path.dirname(contentRoot);

async function render(source: string): Promise<{ html: string; frontmatter: Record<string, unknown> }> {
  const { code, frontmatter } = await compileMdxSource(source);
  const Component = getMDXComponent(code);
  return { html: renderToStaticMarkup(createElement(Component, { components: mdxComponents })), frontmatter };
}

describe("the content tree", () => {
  it("loads, and every exercise is in the catalog with the same settings and folder", async () => {
    const courses = await loadCourses(contentRoot);
    expect(courses.map((c) => c.id)).toContain("memory-between-kernel-and-user");
    const exercises = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises)));
    expect(exercises.map((e) => e.id).sort()).toEqual(Object.keys(exerciseCatalog).sort());
    for (const exercise of exercises) {
      const entry = exerciseCatalog[exercise.id];
      expect(entry?.spec.settings).toEqual(exercise.settings);
      expect(entry?.folder).toBe(path.relative(repoRoot, exercise.dir));
    }
  });

  it("compiles and renders every lesson and prompt with the lesson components, and mdx-bundler reads the same frontmatter", async () => {
    const courses = await loadCourses(contentRoot);
    for (const lesson of courses.flatMap((c) => c.modules.flatMap((m) => m.lessons))) {
      const { html, frontmatter } = await render(lesson.source);
      expect(frontmatter).toEqual({ title: lesson.title, summary: lesson.summary });
      expect(html).toContain("<h1>");
      // Tables are GitHub-flavoured Markdown: they must come out as tables, not as lines of pipes.
      if (/^\|.*\|\s*$/m.test(lesson.source)) expect(html).toContain("<table>");
      for (const exercise of lesson.exercises) expect((await render(exercise.prompt)).html).toContain("<h1>");
    }
  }, 30_000);
});
