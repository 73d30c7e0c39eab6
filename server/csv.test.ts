import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what must be quoted, ends records with CRLF, and parses back to the same cells", () => {
    const records = [
      ["plain", "comma, inside", 'a "quote"', "line\nbreak", "cr\r\nlf", null, 7.5, 0],
      ["", "ünïcødé", "日本", -3, "  spaces  "],
    ];
    const text = toCsv(records);
    expect(text).toBe('plain,"comma, inside","a ""quote""","line\nbreak","cr\r\nlf",,7.5,0\r\n,ünïcødé,日本,-3,  spaces  \r\n');
    expect(parse(text, { relax_column_count: true })).toEqual([
      ["plain", "comma, inside", 'a "quote"', "line\nbreak", "cr\r\nlf", "", "7.5", "0"],
      ["", "ünïcødé", "日本", "-3", "  spaces  "],
    ]);
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(toCsv([["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", -2]])).toBe("'=1+1,'+SUM(A1),'-2,'@cmd,'\tx,-2\r\n");
  });
});
