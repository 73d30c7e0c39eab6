/**
 * How a learner may write an integer answer. Pure, with no imports, so the schema, the server's grader and
 * the browser's input hint all read numbers the same way.
 */
export type ParsedInteger = { ok: true; value: bigint } | { ok: false; message: string };

const MAX_ANSWER_LENGTH = 80;

/**
 * Reads an integer the way a C programmer writes one: decimal (`768`), hex with `0x` (`0x300`, `0X300`) or
 * binary with `0b`, an optional sign, any case, and spaces or underscores anywhere (`0xffff_8880 0000_0000`).
 * Hex digits without `0x` are refused rather than guessed: `300` is three hundred, never 0x300.
 * bigint, because x86-64 addresses exceed 2^53.
 */
export function parseIntegerAnswer(raw: string): ParsedInteger {
  if (raw.length > MAX_ANSWER_LENGTH)
    return { ok: false, message: `Answers are at most ${MAX_ANSWER_LENGTH} characters.` };
  const compact = raw.replace(/[\s_]+/g, "").toLowerCase();
  if (compact === "") return { ok: false, message: "Type a number first." };
  const match = /^([+-]?)(0x[0-9a-f]+|0b[01]+|[0-9]+)$/.exec(compact);
  if (!match) {
    // Hex digits and no prefix (but not a mistyped 0b/0x number): say how to write hex.
    if (/^[+-]?[0-9a-f]+$/.test(compact) && !/^[+-]?0[bx]/.test(compact)) {
      const sign = compact.startsWith("-") ? "-" : "";
      return { ok: false, message: `Write hex numbers with 0x: ${sign}0x${compact.replace(/^[+-]/, "")}.` };
    }
    return { ok: false, message: "That is not a whole number: write it in decimal (768) or hex (0x300)." };
  }
  const magnitude = BigInt(match[2] ?? "0");
  return { ok: true, value: match[1] === "-" ? -magnitude : magnitude };
}

/** An integer in both bases, the author's spelling first: "0x300 (768)", "896 (0x380)", "-14 (-0xe)", "0x7". */
export function formatIntegerAnswer(authored: string): string {
  const parsed = parseIntegerAnswer(authored);
  if (!parsed.ok) return authored.trim();
  const value = parsed.value;
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const hex = `${sign}0x${magnitude.toString(16)}`;
  const decimal = value.toString(10);
  const written = authored.replace(/\s+/g, "");
  const isHex = /^[+-]?0x/i.test(written);
  // Below 10 both bases read the same: keep the author's spelling ("0x7" for an error code).
  if (magnitude < 10n) return written;
  return isHex ? `${written} (${decimal})` : `${written} (${hex})`;
}
