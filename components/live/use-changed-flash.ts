"use client";

import { useEffect, useRef, useState } from "react";

/** True for a moment after `value` changes (not on the first render): for a brief highlight of a live value. */
export function useChangedFlash(value: unknown, ms = 1600): boolean {
  const first = useRef(true);
  const [flash, setFlash] = useState(0);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setFlash((n) => n + 1);
    const t = setTimeout(() => setFlash(0), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return flash > 0;
}
