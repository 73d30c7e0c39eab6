"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import simTypes from "../../generated/editor/sim-types.json";

/**
 * Monaco from the local package, never a CDN (the machines are offline, and learners' code stays on
 * the page). Its workers are bundled by Next from monaco-editor's own ESM files.
 */
let configured = false;

/** Monaco's light theme passes WCAG AA as it is. */
export const LIGHT_THEME = "vs";
/**
 * Monaco's dark theme draws comments in #6A9955 on #1E1E1E, 4.2:1, under AA's 4.5:1 for text (axe flagged every
 * comment). The same green, lighter: #7CA668 is 5.9:1.
 */
export const DARK_THEME = "pagewise-dark";

export function configureMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      if (label === "typescript" || label === "javascript") {
        return new Worker(new URL("monaco-editor/language/typescript/ts.worker.js", import.meta.url), { type: "module" });
      }
      return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
    },
  };
  const ts = monaco.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    // CommonJS output is what the Run worker and the grader evaluate: `require("@pagewise/sim")`.
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noImplicitAny: true,
    lib: ["es2023"],
    allowNonTsExtensions: true,
    esModuleInterop: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  ts.typescriptDefaults.setEagerModelSync(true);
  for (const file of simTypes.files) ts.typescriptDefaults.addExtraLib(file.content, file.path);
  monaco.editor.defineTheme(DARK_THEME, { base: "vs-dark", inherit: true, rules: [{ token: "comment", foreground: "7CA668" }], colors: {} });
  loader.config({ monaco });
  return monaco;
}

/** Transpiles the model's TypeScript to CommonJS with Monaco's own TS worker (no server round trip). */
export async function emitJavaScript(model: monaco.editor.ITextModel): Promise<string> {
  const getWorker = await monaco.typescript.getTypeScriptWorker();
  const worker = await getWorker(model.uri);
  const output = await worker.getEmitOutput(model.uri.toString());
  const js = output.outputFiles.find((file) => file.name.endsWith(".js"));
  if (!js) throw new Error("The editor could not compile your code.");
  return js.text;
}

/**
 * The model's syntax and type errors (line, column, message), asked of the TypeScript worker for the text as it is
 * now. Not the editor's markers: those lag behind the last keystroke or paste until the worker's next pass, so Run
 * pressed at once could miss an error the learner is about to see squiggled.
 */
export async function collectErrors(model: monaco.editor.ITextModel) {
  const getWorker = await monaco.typescript.getTypeScriptWorker();
  const worker = await getWorker(model.uri);
  const uri = model.uri.toString();
  const diagnostics = [...(await worker.getSyntacticDiagnostics(uri)), ...(await worker.getSemanticDiagnostics(uri))];
  return diagnostics
    .filter((diagnostic) => diagnostic.category === 1 /* ts.DiagnosticCategory.Error */)
    .map((diagnostic) => {
      const position = model.getPositionAt(diagnostic.start ?? 0);
      return { line: position.lineNumber, column: position.column, message: flattenMessage(diagnostic.messageText) };
    });
}

type MessageChain = string | { messageText: string; next?: MessageChain[] };

/** A diagnostic's message, its chained details indented below it as tsc prints them. */
function flattenMessage(chain: MessageChain, depth = 0): string {
  if (typeof chain === "string") return chain;
  const lines = [`${"  ".repeat(depth)}${chain.messageText}`];
  for (const next of chain.next ?? []) lines.push(flattenMessage(next, depth + 1));
  return lines.join("\n");
}
