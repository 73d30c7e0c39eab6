import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { CopyFromUserStepper } from "./copy-from-user-stepper";

// Lessons are rendered on the server (renderToStaticMarkup): the widget must render there, from its props alone.

describe("CopyFromUserStepper on the server", () => {
  it("starts at the call, with the stale buffer and the pages", () => {
    const html = renderWidget(CopyFromUserStepper, { seed: "lesson", preset: "into-unmapped" });
    expect(html).toContain("copy_from_user(to, 0x7f");
    expect(html).toContain("0 copied, 0 zero-filled, 64 still stale (0xaa)");
    expect(html).toContain("no VMA");
    expect(html).toContain('aria-label="Next step"');
  });

  it("a custom copy from the props, and a bad prop as an inline error", () => {
    expect(renderWidget(CopyFromUserStepper, { from: "0xffff888000001000", n: "16" })).toContain(
      "copy_from_user(to, 0xffff888000001000, 16)",
    );
    expect(renderWidgetAlert(CopyFromUserStepper, { preset: "nope" })).toMatch(/^CopyFromUserStepper: preset: /);
  });
});
