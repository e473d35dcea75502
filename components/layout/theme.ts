// The theme: "system" (the default) follows prefers-color-scheme; "light" and
// "dark" are the user's explicit choice, kept in localStorage.

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "theme";

/**
 * Runs inline in <head> before the first paint, so a dark-mode user never sees
 * a white flash: it sets the `dark` class that Tailwind's dark: variant reads.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;
