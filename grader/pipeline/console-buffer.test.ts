import { describe, expect, it } from "vitest";
import { ConsoleBuffer, HIDDEN_OUTPUT_NOTE } from "./console-buffer";

// Output printed once a hidden check has started may echo its inputs: it is filed apart from what the learner sees,
// and nothing about it (its length, whether it was cut) shows on the learner's side.

describe("ConsoleBuffer", () => {
  it("files output by phase, and the learner's side says hidden output was kept back", () => {
    const buffer = new ConsoleBuffer(1000);
    buffer.append("loading\n");
    buffer.append("public case\n");
    buffer.enterHiddenPhase();
    buffer.append("hidden input 0xdeadbeef\n");
    expect(buffer.text("public")).toBe(`loading\npublic case\n\n${HIDDEN_OUTPUT_NOTE}`);
    expect(buffer.text("hidden")).toBe("hidden input 0xdeadbeef\n");
  });

  it("gives the learner the same text whatever the hidden checks printed", () => {
    const run = (hiddenOutput: string[]) => {
      const buffer = new ConsoleBuffer(40);
      buffer.append("public\n");
      buffer.enterHiddenPhase();
      for (const text of hiddenOutput) buffer.append(text);
      if (hiddenOutput.length > 1) buffer.markTruncated();
      return buffer.text("public");
    };
    expect(run(["x".repeat(100), "more"])).toBe(run([]));
    expect(run(["short\n"])).toBe(run([]));
  });

  it("never files output under the public heading again once hidden checks have started", () => {
    const buffer = new ConsoleBuffer(1000);
    buffer.enterHiddenPhase();
    buffer.append("stashed 0xdeadbeef\n");
    buffer.enterHiddenPhase();
    buffer.append("printed later 0xdeadbeef\n");
    expect(buffer.text("public")).toBe("");
    expect(buffer.text("hidden")).toBe("stashed 0xdeadbeef\nprinted later 0xdeadbeef\n");
  });

  it("shows no note when the learner printed nothing, and none before hidden checks ran", () => {
    const silent = new ConsoleBuffer(100);
    silent.enterHiddenPhase();
    expect(silent.text("public")).toBe("");
    const publicOnly = new ConsoleBuffer(100);
    publicOnly.append("hi\n");
    expect(publicOnly.text("public")).toBe("hi\n");
  });

  it("caps the whole run at the limit and says where output was cut", () => {
    const buffer = new ConsoleBuffer(10);
    buffer.append("0123456789abc");
    buffer.enterHiddenPhase();
    buffer.append("hidden");
    expect(buffer.text("public")).toMatch(/^0123456789\n\[output truncated: your code printed more than 10 bytes/);
    expect(buffer.text("hidden")).toBe("");
  });
});
