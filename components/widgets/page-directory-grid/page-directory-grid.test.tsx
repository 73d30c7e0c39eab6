import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { PageDirectoryGrid } from "./page-directory-grid";

describe("PageDirectoryGrid on the server", () => {
  it("renders 1024 cells with one tab stop, row labels, the legend, the details of PDE 32 and the text version", () => {
    const html = renderWidget(PageDirectoryGrid, { seed: "lesson-2" });
    expect(html.match(/role="gridcell"/g)).toHaveLength(1024);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toContain(">0xf0000000<");
    expect(html).toContain("PDE 32 (row 0, column 32) covers 0x08000000 to 0x083fffff.");
    expect(html).toContain("page table whose first present entry is a user read-only page");
    expect(html).toContain("0xc0000000  xXXXXXXX");
  });
  it("shows bad attributes inline", () => {
    expect(renderWidgetAlert(PageDirectoryGrid, { ram: "lots" })).toMatch(/^PageDirectoryGrid: ram: /);
  });
});
