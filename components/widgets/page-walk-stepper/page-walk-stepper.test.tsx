import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TraceSteps } from "./trace-steps";
import { PageWalkStepper } from "./page-walk-stepper";

// Server rendering, as a lesson page and content:check do it: no window, no document, no effects.

describe("PageWalkStepper on the server", () => {
  it("renders the first stage of the lesson's kernel walk with its VA fields and presets", () => {
    const html = renderToStaticMarkup(
      createElement(PageWalkStepper, {
        mode: "i386-pse",
        seed: "lesson-2",
        va: "0xc1234567",
        access: "read",
        user: "false",
      }),
    );
    expect(html).toContain('value="0xc1234567"');
    expect(html).toContain("PDE index");
    expect(html).toContain("Step 1 of 3");
    expect(html).toContain("<strong>CR3</strong>");
    expect(html).toContain("program code");
    expect(html).not.toContain("pws-error");
  });

  it("renders every mode", () => {
    for (const mode of ["pae", "4-level"]) {
      const html = renderToStaticMarkup(createElement(PageWalkStepper, { mode, seed: "s" }));
      expect(html).toContain("Step 1 of");
    }
  });

  it("shows a bad attribute as an inline error instead of throwing", () => {
    const html = renderToStaticMarkup(createElement(PageWalkStepper, { mode: "i286" }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("PageWalkStepper: mode:");
  });
});

describe("TraceSteps (the result panel's walks)", () => {
  it("draws each entry's bits and the outcome from a wire trace", () => {
    const html = renderToStaticMarkup(
      createElement(TraceSteps, {
        trace: {
          steps: [
            {
              level: "PDE",
              entryAddress: "0x37b080",
              entryValue: "0x1234067",
              flags: ["P", "RW", "US", "A", "D"],
              note: "entry 32 of the page directory",
            },
            { level: "PTE", entryAddress: "0x1234120", entryValue: "0x0", flags: [] },
          ],
          outcome: "#PF 0x4",
        },
      }),
    );
    expect(html).toContain("Points to the next table at 0x1234000.");
    expect(html).toContain("P = 0: not present.");
    expect(html).toContain("entry 32 of the page directory");
    expect(html).toContain("#PF 0x4");
  });

  it("sizes a large page by its format and level: 4 MB in 32-bit paging, 1 GB for a 4-level PDPTE", () => {
    const pde = { level: "PDE", entryAddress: "0x37bc10", entryValue: "0x10001e3", flags: [] };
    expect(renderToStaticMarkup(createElement(TraceSteps, { trace: { steps: [pde], outcome: "4 MB page" } }))).toContain(
      "Maps the 4 MB page at 0x1000000.",
    );
    const pml4e = { level: "PML4E", entryAddress: "0x1888", entryValue: "0x2063", flags: [] };
    const pdpte = { level: "PDPTE", entryAddress: "0x2008", entryValue: "0x80000000400001e3", flags: [] };
    const html = renderToStaticMarkup(createElement(TraceSteps, { trace: { steps: [pml4e, pdpte], outcome: "1 GB page" } }));
    expect(html).toContain("Maps the 1 GB page at 0x40000000.");
    expect(html.match(/class="pws-bit-row"/g)).toHaveLength(4);
  });
});
