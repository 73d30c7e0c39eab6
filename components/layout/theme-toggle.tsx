"use client";

import { useEffect, useState } from "react";
import { THEME_STORAGE_KEY } from "./theme";

type Theme = "light" | "dark";

/**
 * Switches light/dark and remembers the choice; the boot script applied it before paint. In the bar it shows its
 * icon only; in the narrow screen's menu its words show too (app/globals.css), and they are its name in both.
 */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);

  useEffect(() => {
    setTheme(document.documentElement.dataset.theme === "dark" ? "dark" : "light");
  }, []);

  function toggle() {
    const next: Theme = theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem(THEME_STORAGE_KEY, next);
    setTheme(next);
  }

  return (
    <button type="button" className="button ghost icon theme-toggle" onClick={toggle} title="Toggle dark mode">
      <span aria-hidden="true">{theme === "dark" ? "☀" : "☾"}</span>
      <span className="theme-toggle-label">{theme === "dark" ? "Switch to light mode" : "Switch to dark mode"}</span>
    </button>
  );
}
