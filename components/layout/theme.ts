/** localStorage key of the user's explicit theme choice ("light" | "dark"); absent means "follow the system". */
export const THEME_STORAGE_KEY = "pagewise-theme";

/** Runs before paint: applies the stored theme, or the system's, as data-theme on <html>. */
export const themeBootScript = `(function(){try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");if(t!=="light"&&t!=="dark"){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}})();`;
