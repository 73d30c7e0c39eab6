import { PAGING_FORMATS, type PagingFormat } from "../../sim/index";
import { CliError } from "./cli-error";
import { cliDefaultFormat, cliModeNames, orList } from "./modes";

export type Verb = "translate" | "mappings" | "pdmap";

/** Parsed and validated command line. */
export interface CliArgs {
  verb: Verb;
  image: string;
  /** The `--mode` name, one of the paging-format table's `cli` names (see modes.ts). */
  mode: string;
  cr0: number;
  cr3: number;
  cr4: number;
  efer: number;
  va: bigint | null;
  access: "read" | "write" | "exec";
  user: boolean;
  pdpteCheck: "strict" | "lenient";
}

const VALUE_FLAGS = new Set(["--image", "--mode", "--cr0", "--cr3", "--cr4", "--efer", "--va", "--access", "--pdpte"]);
const BOOLEAN_FLAGS = new Set(["--user"]);

/**
 * Parses `VERB --flag value ...` exactly as COURSE.md's CLI contract says; throws CliError on anything else. The
 * `--mode` names, their registers' defaults and address widths come from the paging-format table.
 */
export function parseArgs(argv: string[], formats: readonly PagingFormat[] = PAGING_FORMATS): CliArgs {
  const [verb, ...rest] = argv;
  if (verb !== "translate" && verb !== "mappings" && verb !== "pdmap") {
    throw new CliError(`unknown verb ${JSON.stringify(verb ?? "")}; expected translate, mappings or pdmap`);
  }
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (BOOLEAN_FLAGS.has(arg)) flags.add(arg);
    else if (VALUE_FLAGS.has(arg)) {
      const value = rest[++i];
      if (value === undefined) throw new CliError(`${arg} needs a value`);
      values.set(arg, value);
    } else throw new CliError(`unknown argument ${JSON.stringify(arg)}`);
  }
  const image = values.get("--image");
  if (image === undefined) throw new CliError("--image FILE is required");
  const names = cliModeNames(formats);
  const modeText = values.get("--mode") ?? (verb === "pdmap" ? pdmapMode(formats) : undefined);
  const format = modeText === undefined ? undefined : cliDefaultFormat(modeText, formats);
  if (modeText === undefined || format === undefined) {
    throw new CliError(modeText === undefined ? `--mode ${names.join("|")} is required` : `unknown mode ${JSON.stringify(modeText)}; expected ${orList(names)}`);
  }
  const mode = modeText;
  const cr3Text = values.get("--cr3");
  if (cr3Text === undefined) throw new CliError("--cr3 HEX is required");
  const accessText = values.get("--access") ?? (verb === "translate" ? undefined : "read");
  if (accessText !== "read" && accessText !== "write" && accessText !== "exec") {
    throw new CliError(accessText === undefined ? "--access read|write|exec is required" : `unknown access ${JSON.stringify(accessText)}`);
  }
  const vaText = values.get("--va");
  if (verb === "translate" && vaText === undefined) throw new CliError("--va HEX is required");
  const va = vaText === undefined ? null : parseHex("--va", vaText, 64);
  if (va !== null && format.linearBits < 64 && va >= 1n << BigInt(format.linearBits)) {
    throw new CliError(`--va ${vaText} does not fit a ${format.linearBits}-bit ${mode} address`);
  }
  const pdpte = values.get("--pdpte") ?? "lenient";
  if (pdpte !== "strict" && pdpte !== "lenient") throw new CliError(`--pdpte must be strict or lenient, got ${JSON.stringify(pdpte)}`);

  const defaults = format.registers;
  const reg = (flag: string, fallback: number, bits: number) => {
    const text = values.get(flag);
    return text === undefined ? fallback : Number(parseHex(flag, text, bits));
  };
  return {
    verb,
    image,
    mode,
    cr0: reg("--cr0", defaults.cr0, 32),
    cr3: Number(parseHex("--cr3", cr3Text, 52)),
    cr4: reg("--cr4", defaults.cr4, 32),
    efer: reg("--efer", defaults.efer, 32),
    va,
    access: accessText,
    user: flags.has("--user"),
    pdpteCheck: pdpte,
  };
}

/** The mode pdmap walks unless told: the first name whose default row is 32-bit paging (COURSE.md: i386). */
export function pdmapMode(formats: readonly PagingFormat[] = PAGING_FORMATS): string | undefined {
  return cliModeNames(formats).find((name) => cliDefaultFormat(name, formats)?.entryLayout === "32");
}

/** A 0x-prefixed hex string of at most `bits` bits. */
function parseHex(flag: string, text: string, bits: number): bigint {
  if (!/^0x[0-9a-f]+$/i.test(text)) throw new CliError(`${flag} must be a 0x-prefixed hex number, got ${JSON.stringify(text)}`);
  const value = BigInt(text);
  if (value >= 1n << BigInt(bits)) throw new CliError(`${flag} ${text} is wider than ${bits} bits`);
  return value;
}
