import path from "node:path";
import ts from "typescript";

/**
 * generated/editor/sim-types.json: the declarations of sim/learner-api.ts and everything it imports, laid out as
 * node_modules/@pagewise/sim/** so Monaco's TypeScript worker resolves `import ... from "@pagewise/sim"` with
 * completion and type errors, exactly as tsc does here.
 */
const root = path.resolve(import.meta.dirname, "../..");
const entry = path.join(root, "sim/learner-api.ts");

export function generateEditorTypes(): { path: string; content: string }[] {
  const files: { path: string; content: string }[] = [];
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    rootDir: path.join(root, "sim"),
    outDir: "/out",
    skipLibCheck: true,
    types: [],
  });
  const result = program.emit(undefined, (fileName, text) => {
    const relative = path.relative("/out", fileName).replaceAll(path.sep, "/");
    files.push({ path: `file:///node_modules/@pagewise/sim/${relative}`, content: text });
  });
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (result.emitSkipped || errors.length > 0) {
    const text = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    });
    throw new Error(`Could not generate the editor's types for sim/learner-api.ts:\n${text}`);
  }
  files.push({
    path: "file:///node_modules/@pagewise/sim/package.json",
    content: JSON.stringify({ name: "@pagewise/sim", types: "./learner-api.d.ts" }),
  });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
