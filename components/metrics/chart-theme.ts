"use client";

import { useMemo, useSyncExternalStore } from "react";

/** The colours a chart draws with, read from the theme's CSS variables (app/globals.css). */
export interface ChartColors {
  ink: string;
  muted: string;
  line: string;
  series: [string, string, string];
  limit: string;
}

function readColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { ink: v("--ink"), muted: v("--muted"), line: v("--line"), series: [v("--chart-1"), v("--chart-2"), v("--chart-3")], limit: v("--chart-limit") };
}

function subscribeToTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** The chart colours now, and again whenever the theme toggles (the class on <html> changes); null on the server. */
export function useChartColors(): ChartColors | null {
  const themeClass = useSyncExternalStore(
    subscribeToTheme,
    () => document.documentElement.className,
    () => null,
  );
  return useMemo(() => (themeClass === null ? null : readColors()), [themeClass]);
}

/** A colour with some transparency, for the area under a line ("#1b5cc8" → "#1b5cc82e"). */
export const translucent = (hex: string, alpha = "2e") => (/^#[0-9a-f]{6}$/i.test(hex) ? `${hex}${alpha}` : hex);
