/**
 * What the learner's code printed, capped at `limitBytes` (UTF-8). Beyond the cap it keeps nothing more and
 * says so at the end, so a program printing megabytes costs the host at most the cap.
 */
export class ConsoleBuffer {
  private readonly parts: string[] = [];
  private usedBytes = 0;
  private isTruncated = false;

  constructor(private readonly limitBytes: number) {}

  /** Appends learner output; anything that is not a string is ignored (it can only come from a forged call). */
  append(text: unknown): void {
    if (typeof text !== "string" || text.length === 0) return;
    if (this.isTruncated) return;
    const bytes = Buffer.byteLength(text, "utf8");
    if (this.usedBytes + bytes <= this.limitBytes) {
      this.parts.push(text);
      this.usedBytes += bytes;
      return;
    }
    const room = this.limitBytes - this.usedBytes;
    if (room > 0) this.parts.push(Buffer.from(text, "utf8").subarray(0, room).toString("utf8").replace(/\uFFFD$/, ""));
    this.usedBytes = this.limitBytes;
    this.isTruncated = true;
  }

  /** Records that output was cut inside the sandbox (it stops sending once its own budget is spent). */
  markTruncated(): void {
    this.isTruncated = true;
  }

  /** The captured text, ending with a plain note when output was cut. */
  text(): string {
    const body = this.parts.join("");
    return this.isTruncated
      ? `${body}\n[output truncated: your code printed more than ${this.limitBytes} bytes; the rest was dropped]`
      : body;
  }
}
