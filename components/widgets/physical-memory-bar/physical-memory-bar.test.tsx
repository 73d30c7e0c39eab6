import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { PhysicalMemoryBar } from "./physical-memory-bar";

// Lessons are rendered on the server (renderToStaticMarkup): the widget must render there, from its props alone.

describe("PhysicalMemoryBar on the server", () => {
  it("draws the 1 GB machine with its numbers in text", () => {
    const html = renderWidget(PhysicalMemoryBar, { ram: "1024", split: "3G/1G" });
    expect(html).toContain('role="img"');
    expect(html).toContain("0xf77fe000"); // high_memory
    expect(html).toContain("0x08802000 (136.01 MB)"); // highmem
    expect(html).toContain("ZONE_HIGHMEM");
    expect(html).toContain("0xfffbb000"); // the first highmem frame's kmap_local slot
  });

  it("shows a refused configuration as text, and a bad prop as an inline error", () => {
    expect(renderWidget(PhysicalMemoryBar, { split: "2G_OPT", pae: "true" })).toContain(
      "PAE needs a 1 GB aligned PAGE_OFFSET",
    );
    expect(renderWidgetAlert(PhysicalMemoryBar, { ram: "lots" })).toMatch(/^PhysicalMemoryBar: ram: /);
  });
});
