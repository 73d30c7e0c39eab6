"use client";

import dynamic from "next/dynamic";

/** Monaco only exists in the browser: never render it on the server. */
export const CodeEditor = dynamic(() => import("./code-editor-impl"), {
  ssr: false,
  loading: () => (
    <div className="progress indeterminate" role="progressbar" aria-label="Loading the editor">
      <span />
    </div>
  ),
});
export type { CodeEditorHandle, CodeEditorProps } from "./code-editor-impl";
