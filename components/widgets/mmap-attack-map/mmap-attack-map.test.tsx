import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderWidget, renderWidgetAlert } from "../../../test/fixtures/render-widget";
import { computeAttack, verdictOf } from "./attack-model";
import { parseAttackProps, type AttackRequest, type AttackSetup } from "./attack-props";
import { AttackMapView, MmapAttackMap } from "./mmap-attack-map";
import { INITIAL_PREDICT_STATE, type PredictState } from "./predict-flow";

// Lessons render on the server (renderToStaticMarkup) and the widget starts there, before any prediction; the
// states after a prediction and after the reveal are rendered through the stateless view, as the widget draws them.

function lessonMachine(): AttackSetup {
  const parsed = parseAttackProps({});
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.setup;
}

function renderView(setup: AttackSetup, request: AttackRequest, predict: PredictState): string {
  const hex = (v: bigint) => "0x" + v.toString(16);
  return renderToStaticMarkup(
    createElement(AttackMapView, {
      setup,
      request,
      texts: { length: hex(request.length), offset: hex(request.offset) },
      outcome: computeAttack(setup, request),
      predict,
      dispatch: () => undefined,
      onBug: () => undefined,
      onText: () => undefined,
      onWritable: () => undefined,
      onPreset: () => undefined,
    }),
  );
}

const answered = (prediction: PredictState["prediction"], revealed: PredictState["revealed"]): PredictState => ({
  prediction,
  revealed,
  right: prediction === revealed ? 1 : 0,
  asked: 1,
});

describe("MmapAttackMap on the server", () => {
  it("starts by asking for a prediction: the handler's C, the call, the buffer and the cred page, no mapping", () => {
    const html = renderWidget(MmapAttackMap, {});
    expect(html).toContain("Predict first: what does this request do?");
    expect(html).toContain("#define BUF_PAGES 16");
    expect(html).toContain("p = mmap(NULL, 0x11000, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0x0);");
    expect(html).toMatch(/<button type="button" class="button primary" disabled="">Reveal<\/button>/);
    expect(html).toContain("buffer: pfn 0x2a40..0x2a4f");
    expect(html).toContain("cred page: pfn 0x2a65");
    expect(html).toContain("The mapping is not drawn yet.");
    expect(html).not.toContain("mapped:");
    expect(html).toContain('role="img"');
  });

  it("a bad attribute is an inline error naming it", () => {
    expect(renderWidgetAlert(MmapAttackMap, { bug: "heap-overflow" })).toMatch(/^MmapAttackMap: bug: /);
  });
});

describe("the predict, reveal flow as drawn", () => {
  const setup = lessonMachine();
  const small: AttackRequest = { length: 0x11000n, offset: 0n, writable: true };
  const mwr: AttackRequest = { length: 0xf0000000n, offset: 0n, writable: true };

  it("a chosen prediction enables Reveal and still hides the mapping", () => {
    const html = renderView(setup, small, { ...INITIAL_PREDICT_STATE, prediction: "misses" });
    expect(html).toMatch(/<button type="button" class="button primary">Reveal<\/button>/);
    expect(html).toMatch(/<input type="radio"[^>]*checked="" value="misses"/);
    expect(html).not.toContain("mapped:");
  });

  it("a right prediction: the verdict, the frames drawn, the handler's arithmetic, the choices locked", () => {
    const verdict = verdictOf(computeAttack(setup, small));
    expect(verdict).toBe("misses");
    const html = renderView(setup, small, answered("misses", verdict));
    expect(html).toContain("Right: it maps, but not the cred page.");
    expect(html).toContain(
      "Mapped: the PTEs point to 17 pages from pfn 0x2a40 (16 in the buffer, 1 elsewhere in RAM).",
    );
    expect(html).toContain("mapped: 17 pages from pfn 0x2a40");
    expect(html).toContain("vm_pgoff = 0: accepted, remaps 0x11000 bytes from buf_pfn");
    expect(html).toContain("Predictions so far: 1 of 1 right.");
    expect(html).toMatch(/<fieldset class="vmad-prot" disabled=""/);
  });

  it("a wrong prediction says so and shows where the cred page lands in the mapping", () => {
    const verdict = verdictOf(computeAttack(setup, mwr));
    expect(verdict).toBe("reaches");
    const html = renderView(setup, mwr, answered("refused", verdict));
    expect(html).toContain("Not this time: it maps the cred page (pfn 0x2a65) into the process.");
    expect(html).toContain("is page 37 of the mapping: the process reads and writes it at p + 0x25000");
    expect(html).toContain("past the end of RAM");
    expect(html).toContain("Predictions so far: 0 of 1 right.");
  });

  it("a refusal names the errno; a kernel refusal says the handler never ran", () => {
    const refused = { ...small, offset: 0x1000n };
    expect(renderView(setup, refused, answered("refused", "refused"))).toContain(
      "Right: mmap fails: the kernel or the handler refuses the request. The handler refuses: mmap returns -EINVAL.",
    );
    const unaligned = { ...small, offset: 0x10n };
    expect(renderView(setup, unaligned, answered("misses", "refused"))).toContain("The handler never ran.");
  });
});
