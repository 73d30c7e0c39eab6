import { CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PSE, EFER_LMA, EFER_LME, EFER_NXE } from "../../sim/index";
import { CliError } from "./cli-error";

export type CliMode = "i386" | "pae" | "x86_64";
export type Verb = "translate" | "mappings" | "pdmap";

/** Parsed and validated command line. */
export interface CliArgs {
  verb: Verb;
  image: string;
  mode: CliMode;
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

/** Parses `VERB --flag value ...` exactly as COURSE.md's CLI contract says; throws CliError on anything else. */
export function parseArgs(argv: string[]): CliArgs {
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
  const modeText = values.get("--mode") ?? (verb === "pdmap" ? "i386" : undefined);
  if (modeText !== "i386" && modeText !== "pae" && modeText !== "x86_64") {
    throw new CliError(modeText === undefined ? "--mode i386|pae|x86_64 is required" : `unknown mode ${JSON.stringify(modeText)}; expected i386, pae or x86_64`);
  }
  const mode: CliMode = modeText;
  const cr3Text = values.get("--cr3");
  if (cr3Text === undefined) throw new CliError("--cr3 HEX is required");
  const accessText = values.get("--access") ?? (verb === "translate" ? undefined : "read");
  if (accessText !== "read" && accessText !== "write" && accessText !== "exec") {
    throw new CliError(accessText === undefined ? "--access read|write|exec is required" : `unknown access ${JSON.stringify(accessText)}`);
  }
  const vaText = values.get("--va");
  if (verb === "translate" && vaText === undefined) throw new CliError("--va HEX is required");
  const va = vaText === undefined ? null : parseHex("--va", vaText, 64);
  if (va !== null && mode !== "x86_64" && va >= 1n << 32n) throw new CliError(`--va ${vaText} does not fit a 32-bit ${mode} address`);
  const pdpte = values.get("--pdpte") ?? "lenient";
  if (pdpte !== "strict" && pdpte !== "lenient") throw new CliError(`--pdpte must be strict or lenient, got ${JSON.stringify(pdpte)}`);

  const defaults = {
    cr0: (CR0_PG | CR0_WP | CR0_PE) >>> 0,
    cr4: mode === "i386" ? CR4_PSE : CR4_PAE,
    efer: mode === "x86_64" ? EFER_LME | EFER_LMA | EFER_NXE : 0,
  };
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

/** A 0x-prefixed hex string of at most `bits` bits. */
function parseHex(flag: string, text: string, bits: number): bigint {
  if (!/^0x[0-9a-f]+$/i.test(text)) throw new CliError(`${flag} must be a 0x-prefixed hex number, got ${JSON.stringify(text)}`);
  const value = BigInt(text);
  if (value >= 1n << BigInt(bits)) throw new CliError(`${flag} ${text} is wider than ${bits} bits`);
  return value;
}
