import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

// sim/ runs in the browser (widgets, the editor's Run worker): bundling its two entry points for the browser with
// no externals must pull in no Node built-in, and the output must not reach for Node's globals.

const SIM_DIR = fileURLToPath(new URL(".", import.meta.url));
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
// Node's globals, written as code uses them (an identifier followed by `.`, `[` or `(`), so that words like
// "process" in a message do not count.
const NODE_GLOBALS: readonly [string, RegExp][] = [
  ["process", /(?<![\w$.])process\s*[.[]/],
  ["globalThis.process", /globalThis\s*\.\s*process\b/],
  ["Buffer", /(?<![\w$.])Buffer\s*[.([]/],
  // esbuild turns a require() it cannot drop into its `__require` shim.
  ["require(", /(?<![\w$.])require\s*\(|\b__require\b/],
  ["__dirname", /(?<![\w$.])__dirname\b/],
  ["__filename", /(?<![\w$.])__filename\b/],
];

interface BundleReport {
  /** Node built-ins some module imported ("node:fs", "path", ...), with the importer. */
  builtins: string[];
  /** Node globals the bundled code references. */
  globals: string[];
  bytes: number;
}

// Records every import of a Node built-in (and keeps it out of the bundle so that the build finishes and reports
// all of them, not only the first).
function builtinSpy(found: string[]): Plugin {
  return {
    name: "node-builtin-spy",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!BUILTINS.has(args.path) && !args.path.startsWith("node:")) return undefined;
        const importer = args.importer.startsWith(SIM_DIR) ? `sim/${args.importer.slice(SIM_DIR.length)}` : args.importer;
        found.push(`${args.path} (from ${importer})`);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundleForBrowser(entry: { file: string } | { code: string }): Promise<BundleReport> {
  const builtins: string[] = [];
  const result = await build({
    ...("file" in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.code, loader: "ts", resolveDir: SIM_DIR, sourcefile: "fake-entry.ts" } }),
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    // No comments in the output (esbuild marks each module with a "// sim/.../x.ts" line); identifiers keep their
    // names, so every reference to a Node global survives.
    minifyWhitespace: true,
    legalComments: "none",
    plugins: [builtinSpy(builtins)],
  });
  const text = result.outputFiles.map((f) => f.text).join("\n");
  return { builtins, globals: NODE_GLOBALS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name), bytes: text.length };
}

describe("the browser bundle of sim/ has no Node APIs", () => {
  for (const entry of ["index.ts", "learner-api.ts"]) {
    it(`sim/${entry}: no Node built-in is imported and no Node global is referenced`, async () => {
      const report = await bundleForBrowser({ file: `${SIM_DIR}${entry}` });
      expect(report.builtins).toEqual([]);
      expect(report.globals).toEqual([]);
      expect(report.bytes).toBeGreaterThan(10_000); // the whole core really was bundled
    });
  }

  it("the check catches a module that imports node:fs, one that imports path, and Node globals", async () => {
    const report = await bundleForBrowser({
      code: [
        'import { readFileSync } from "node:fs";',
        'import { join } from "path";',
        'export { PAGE_SIZE } from "./index";',
        "export const read = (f: string) => readFileSync(join(__dirname, f));",
        "export const home = () => process.env.HOME ?? globalThis.process.cwd();",
        'export const bytes = () => Buffer.from("x");',
        'export const legacy = () => require("os");',
      ].join("\n"),
    });
    expect(report.builtins).toEqual(["node:fs (from sim/fake-entry.ts)", "path (from sim/fake-entry.ts)", "os (from sim/fake-entry.ts)"]);
    expect(report.globals).toEqual(["process", "globalThis.process", "Buffer", "require(", "__dirname"]);
  });

  it("words in strings and comments are not mistaken for Node globals", async () => {
    const report = await bundleForBrowser({ code: 'export const msg = "the process image; require a Buffer of the __dirname_like kind";' });
    expect(report).toMatchObject({ builtins: [], globals: [] });
  });
});
