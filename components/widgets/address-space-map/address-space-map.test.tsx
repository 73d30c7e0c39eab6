import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { AddressSpaceMap } from "./address-space-map";

describe("AddressSpaceMap on the server", () => {
  it("i386: draws a band per region and explains the starting address with its __pa", () => {
    const html = renderWidget(AddressSpaceMap, { arch: "i386", split: "3G/1G", ram: "1024" });
    expect(html.match(/<rect class="asm-band/g)).toHaveLength(9);
    expect(html).toContain("<strong>direct map (lowmem)</strong>");
    expect(html).toContain("__pa = <code>0x1234567</code>");
    expect(html).toContain("0xc0000000");
  });
  it("x86-64 starts on the log scale and lists the non-canonical hole", () => {
    const html = renderWidget(AddressSpaceMap, { arch: "x86_64", address: "0x0000800000000000" });
    expect(html).toMatch(/<input type="radio"[^>]*checked=""[^>]*\/> log/);
    expect(html).toContain("<strong>non-canonical hole</strong>");
  });
  it("refuses bad attributes inline", () => {
    expect(renderWidgetAlert(AddressSpaceMap, { arch: "i386", ram: "-1" })).toMatch(/^AddressSpaceMap: ram: /);
  });
});
