/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF, a field quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled inside). A text cell that a spreadsheet would run as a formula (=, +, -, @, tab or CR first: a
 * learner's name is theirs to choose) is prefixed with an apostrophe, as OWASP advises against CSV injection; numbers
 * are written as numbers.
 */
export function toCsv(records: readonly (readonly CsvCell[])[]): string {
  return records.map((record) => record.map(formatCell).join(",")).join("\r\n") + "\r\n";
}

export type CsvCell = string | number | null;

function formatCell(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
