"use client";

import { useEffect, useState } from "react";

/** Whether the page is in dark mode (the theme toggle sets data-theme on <html>), followed live for Monaco's theme. */
export function useDarkTheme(): boolean {
  const [isDark, setDark] = useState(false);
  useEffect(() => {
    const read = () => setDark(document.documentElement.dataset.theme === "dark");
    read();
    const observer = new MutationObserver(read);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  return isDark;
}
