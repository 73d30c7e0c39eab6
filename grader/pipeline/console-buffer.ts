/**
 * Which checks had run when the learner's code printed something: until the first hidden check starts, output is
 * shown to the learner; from then on it may echo a hidden case's input, so it is kept apart (for instructors).
 */
export type ConsolePhase = "public" | "hidden";

/** Ends the learner's console once hidden checks have run, whatever they printed (so it reveals nothing about them). */
export const HIDDEN_OUTPUT_NOTE = "[output printed while the hidden checks ran is not shown: it could reveal their cases]";

/**
 * What the learner's code printed, capped at `limitBytes` (UTF-8) over the whole run. Beyond the cap it keeps
 * nothing more and says so, so a program printing megabytes costs the host at most the cap. Output is filed by
 * phase; the phase only ever moves from public to hidden (see enterHiddenPhase).
 */
export class ConsoleBuffer {
  private readonly parts: Record<ConsolePhase, string[]> = { public: [], hidden: [] };
  private phase: ConsolePhase = "public";
  private usedBytes = 0;
  private truncatedIn: ConsolePhase | null = null;

  constructor(private readonly limitBytes: number) {}

  /** Appends learner output; anything that is not a string is ignored (it can only come from a forged call). */
  append(text: unknown): void {
    if (typeof text !== "string" || text.length === 0) return;
    if (this.truncatedIn !== null) return;
    const parts = this.parts[this.phase];
    const bytes = Buffer.byteLength(text, "utf8");
    if (this.usedBytes + bytes <= this.limitBytes) {
      parts.push(text);
      this.usedBytes += bytes;
      return;
    }
    const room = this.limitBytes - this.usedBytes;
    if (room > 0) parts.push(Buffer.from(text, "utf8").subarray(0, room).toString("utf8").replace(/\uFFFD$/, ""));
    this.usedBytes = this.limitBytes;
    this.truncatedIn = this.phase;
  }

  /** Records that output was cut inside the sandbox (it stops sending once its own budget is spent). */
  markTruncated(): void {
    this.truncatedIn ??= this.phase;
  }

  /**
   * From now on output is hidden: called before the first hidden check's cases enter the isolate. There is no way
   * back, so code that stashed a hidden input cannot print it later under a public heading.
   */
  enterHiddenPhase(): void {
    this.phase = "hidden";
  }

  /**
   * What was printed in `phase`, ending with a plain note when output was cut there. The public text depends only
   * on what was printed before the hidden checks: nothing about them (not even whether they printed) shows in it,
   * and the note that their output is kept back comes whenever the learner printed anything and they ran.
   */
  text(phase: ConsolePhase): string {
    const body = this.parts[phase].join("");
    const cut = this.truncatedIn === phase ? `\n[output truncated: your code printed more than ${this.limitBytes} bytes; the rest was dropped]` : "";
    const printed = `${body}${cut}`;
    return phase === "public" && this.phase === "hidden" && printed !== "" ? `${printed}\n${HIDDEN_OUTPUT_NOTE}` : printed;
  }
}
