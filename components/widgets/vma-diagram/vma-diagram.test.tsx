import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { VmaDiagram } from "./vma-diagram";

// Lessons are rendered on the server (renderToStaticMarkup): the widget must render there, from its props alone.

describe("VmaDiagram on the server", () => {
  it("draws an accepted request with its VMA and the handler's check", () => {
    const html = renderWidget(VmaDiagram, { length: "0x4000", offset: "0x2000" });
    expect(html).toContain("mmap(NULL, 0x4000, PROT_READ, MAP_SHARED, fd, 0x2000)");
    expect(html).toContain("READ|SHARED|MAYREAD|MAYWRITE|MAYEXEC|MAYSHARE");
    expect(html).toContain("READ|SHARED|MAYREAD|MAYSHARE|PFNMAP|IO|DONTEXPAND|DONTDUMP"); // after the handler
    expect(html).toContain("A correct handler accepts");
    expect(html).toContain('role="img"');
    // The checks in words, with this request's numbers, never the handler's C (the mmap-handler exercise asks for it).
    expect(html).toContain("Does it fit the buffer, counted in pages? Yes: the offset is page 2, below 16; 4 pages fit in the 14 left after it.");
    expect(html).not.toContain("return -EINVAL");
    expect(html).not.toContain("vm_flags_clear");
  });

  it("a request past the end is rejected with the pages a buggy handler would map; a kernel refusal has no VMA", () => {
    const past = renderWidget(VmaDiagram, { length: "0x2000", offset: "0xf000" });
    expect(past).toContain("A correct handler returns -EINVAL");
    expect(past).toContain("would map 1 page past the buffer");
    expect(renderWidget(VmaDiagram, { offset: "100" })).toContain("The kernel refused before the driver");
    expect(renderWidgetAlert(VmaDiagram, { flags: "MAP_FIXED" })).toMatch(/^VmaDiagram: flags: /);
  });
});
