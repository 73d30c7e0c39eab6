import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DeepLinkCatalogCourse, DeepLinkRequestView } from "../../contract/http/lti-deep-linking";
import { DeepLinkPicker } from "./deep-link-picker";

// Server rendering, as the picker page first sends it: the controls an instructor picks with.

const catalog: DeepLinkCatalogCourse[] = [
  {
    id: "paging",
    title: "Paging",
    summary: "Page tables from the ground up.",
    modules: [
      {
        id: "paging/basics",
        title: "Basics",
        lessons: [
          { id: "paging/walk", slug: "walk", title: "Walking a page table", summary: "s", exercises: [{ id: "walk-32", title: "Walk a 32-bit table", maxScore: 20 }] },
          { id: "paging/tlb", slug: "tlb", title: "The TLB", summary: "s", exercises: [] },
        ],
      },
    ],
  },
];

const request = (overrides: Partial<DeepLinkRequestView> = {}): DeepLinkRequestView => ({
  id: "link-1",
  platformName: "Canvas",
  contextTitle: "OS 101",
  state: "open",
  acceptMultiple: true,
  acceptLineItem: true,
  acceptsResourceLinks: true,
  expiresAt: "2030-01-01T00:00:00.000Z",
  ...overrides,
});

const render = (view: DeepLinkRequestView) => renderToStaticMarkup(createElement(DeepLinkPicker, { request: view, catalog }));

describe("DeepLinkPicker", () => {
  it("offers the course, each lesson and each exercise (with its points) as checkboxes, grouped in fieldsets", () => {
    const html = render(request());
    expect(html.match(/type="checkbox"/g)).toHaveLength(4);
    expect(html).not.toContain('type="radio"');
    expect(html.match(/<fieldset/g)).toHaveLength(2);
    expect(html).toContain("<legend>Basics</legend>");
    expect(html).toContain("20 points");
    expect(html).toContain("Add to OS 101");
    expect(html).toContain("graded item");
  });

  it("uses radio buttons when the LMS takes one item, and says when exercises come without a grade column", () => {
    const html = render(request({ acceptMultiple: false, acceptLineItem: false, contextTitle: null }));
    expect(html.match(/type="radio"/g)).toHaveLength(4);
    expect(html).not.toContain('type="checkbox"');
    expect(html).toContain("takes one item");
    expect(html).toContain("plain links");
    expect(html).toContain("Add to Canvas");
  });
});
