import { cpuText } from "./process-format";

/**
 * CPU% as htop draws it: a bar in the cell behind the number. The bar is
 * capped at one full CPU; the number is not (a process with threads on two
 * CPUs shows 200.0, as top does).
 */
export function CpuBar({ percent }: { percent: number }) {
  const width = Math.min(Math.max(percent, 0), 100);
  const tone = percent >= 80 ? "bg-red-500/35 dark:bg-red-400/35" : "bg-green-500/35 dark:bg-green-400/30";
  return (
    <div className="relative h-5 w-20 overflow-hidden rounded-sm bg-panel-raised">
      <div aria-hidden="true" className={`absolute inset-y-0 left-0 ${tone}`} style={{ width: `${width}%` }} />
      <span className="relative block px-1 text-right font-mono text-xs leading-5 tabular-nums">{cpuText(percent)}</span>
    </div>
  );
}
