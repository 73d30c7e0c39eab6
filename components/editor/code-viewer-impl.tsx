"use client";

import Editor, { DiffEditor } from "@monaco-editor/react";
import { configureMonaco } from "./monaco-setup";
import { useDarkTheme } from "./use-dark-theme";

// Before any editor renders: otherwise @monaco-editor/react fetches Monaco from a CDN (loaded in the browser only).
configureMonaco();

const loading = (
  <div className="progress indeterminate" role="progressbar" aria-label="Loading the code">
    <span />
  </div>
);
const readOnly = { readOnly: true, domReadOnly: true, fontSize: 13, minimap: { enabled: false }, scrollBeyondLastLine: false, automaticLayout: true } as const;

/** A submission's code, highlighted and read-only. */
export function CodeViewerImpl({ value, path, label }: { value: string; path: string; label: string }) {
  const isDark = useDarkTheme();
  return (
    <div className="code-viewer">
      <Editor path={path} defaultLanguage="typescript" value={value} theme={isDark ? "vs-dark" : "vs"} loading={loading} options={{ ...readOnly, ariaLabel: label }} />
    </div>
  );
}

/** Two submissions' code side by side, what changed marked. */
export function CodeDiffImpl({ original, modified, label }: { original: string; modified: string; label: string }) {
  const isDark = useDarkTheme();
  return (
    <div className="code-viewer" aria-label={label} role="region">
      <DiffEditor
        original={original}
        modified={modified}
        language="typescript"
        theme={isDark ? "vs-dark" : "vs"}
        loading={loading}
        options={{ ...readOnly, renderSideBySide: true, originalEditable: false }}
      />
    </div>
  );
}
