"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { useRef } from "react";
import type * as Monaco from "monaco-editor";
import { DARK_THEME, LIGHT_THEME, collectErrors, configureMonaco, emitJavaScript } from "./monaco-setup";
import { useDarkTheme } from "./use-dark-theme";

// Before any <Editor> renders: otherwise @monaco-editor/react fetches Monaco from a CDN.
// (This module is only ever loaded in the browser: code-editor.tsx imports it with ssr: false.)
configureMonaco();

export interface CodeEditorHandle {
  /** The current code compiled to CommonJS JavaScript, for the Run worker. */
  compile(): Promise<string>;
  /** Type and syntax errors Monaco shows as red squiggles right now. */
  errors(): Promise<{ line: number; column: number; message: string }[]>;
  focus(): void;
}

export interface CodeEditorProps {
  /** Distinct per exercise so models (and undo stacks) never mix. */
  path: string;
  value: string;
  onChange(value: string): void;
  onRun(): void;
  onSubmit(): void;
  onReady(handle: CodeEditorHandle): void;
  label: string;
}

/** Monaco with the learner's TypeScript, the simulation core's types, and the exercise shortcuts. */
export default function CodeEditorImpl({ path, value, onChange, onRun, onSubmit, onReady, label }: CodeEditorProps) {
  const isDark = useDarkTheme();
  // The shortcuts are registered once at mount; refs keep them calling the latest handlers.
  const handlers = useRef({ onRun, onSubmit });
  handlers.current = { onRun, onSubmit };

  const onMount: OnMount = (editor, monaco) => {
    const run = () => handlers.current.onRun();
    const submit = () => handlers.current.onSubmit();
    editor.addAction({ id: "pagewise.run", label: "Run public checks", keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run });
    editor.addAction({
      id: "pagewise.submit",
      label: "Submit for grading",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      run: submit,
    });
    // Ctrl/Cmd+S would open the browser's "save page" dialog; the draft is saved automatically anyway.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => undefined);
    armTabEscape(editor, monaco);
    const model = editor.getModel() as Monaco.editor.ITextModel;
    onReady({ compile: () => emitJavaScript(model), errors: () => collectErrors(model), focus: () => editor.focus() });
  };

  return (
    <Editor
      path={path}
      defaultLanguage="typescript"
      value={value}
      onChange={(next) => onChange(next ?? "")}
      onMount={onMount}
      theme={isDark ? DARK_THEME : LIGHT_THEME}
      loading={<div className="progress indeterminate" role="progressbar" aria-label="Loading the editor"><span /></div>}
      options={{
        ariaLabel: label,
        fontSize: 14,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        // "dimmed" draws the number of the line after a final newline in #474747 on #1E1E1E (1.8:1) in the dark theme.
        renderFinalNewline: "on",
        tabSize: 2,
        automaticLayout: true,
        fixedOverflowWidgets: true,
      }}
    />
  );
}

/**
 * Tab indents in the editor, so a keyboard user needs a way out (WCAG 2.1.2, no keyboard trap). Monaco's own is
 * Ctrl+M, which switches Tab to moving focus until pressed again. Ours is shorter: Esc, then Tab leaves. Esc only
 * arms it when Esc has nothing else to do (no suggestion, search or selection to dismiss), and any other key, or
 * leaving, disarms it, so Tab indents again.
 */
function armTabEscape(editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco) {
  let armed = false;
  const disarm = () => {
    if (!armed) return;
    armed = false;
    editor.updateOptions({ tabFocusMode: false });
  };
  editor.addCommand(
    monaco.KeyCode.Escape,
    () => {
      armed = true;
      editor.updateOptions({ tabFocusMode: true });
    },
    "!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !inSnippetMode && !editorHasSelection && !editorHasMultipleSelections",
  );
  editor.onKeyDown((event) => {
    if (armed && event.keyCode !== monaco.KeyCode.Tab && event.keyCode !== monaco.KeyCode.Shift && event.keyCode !== monaco.KeyCode.Escape) disarm();
  });
  editor.onDidBlurEditorText(disarm);
}
