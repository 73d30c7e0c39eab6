"use client";

import dynamic from "next/dynamic";

// Monaco only exists in the browser: never render it on the server.
const placeholder = () => (
  <div className="progress indeterminate" role="progressbar" aria-label="Loading the code">
    <span />
  </div>
);

/** Read-only, highlighted code (an instructor reading a learner's submission). */
export const CodeViewer = dynamic(() => import("./code-viewer-impl").then((m) => m.CodeViewerImpl), { ssr: false, loading: placeholder });

/** A side-by-side diff of two versions of code. */
export const CodeDiff = dynamic(() => import("./code-viewer-impl").then((m) => m.CodeDiffImpl), { ssr: false, loading: placeholder });
