import { diffHunks, type DiffLine } from "@/lib/line-diff";

const STYLE: Record<DiffLine["kind"], { sign: string; className: string; label: string }> = {
  same: { sign: " ", className: "text-muted", label: "unchanged" },
  removed: { sign: "-", className: "bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200", label: "removed" },
  added: { sign: "+", className: "bg-green-50 text-green-800 dark:bg-green-950/60 dark:text-green-200", label: "added" },
};

function lineNumber(line: DiffLine): number {
  return line.kind === "added" ? line.newLine : line.oldLine;
}

/** The config file change as hunks of a unified diff: removed lines red with "-", added green with "+". */
export function SettingsDiff({ diff, path }: { diff: DiffLine[]; path: string }) {
  const hunks = diffHunks(diff);
  return (
    <figure className="overflow-hidden rounded-md border border-line bg-panel-raised">
      <figcaption className="border-b border-line px-3 py-1.5 font-mono text-xs text-muted">{path}</figcaption>
      <div className="overflow-x-auto py-1 font-mono text-xs leading-relaxed" aria-label="Config file change" role="region">
        {hunks.map((hunk, h) => (
          <div key={h} className={h > 0 ? "mt-1 border-t border-dashed border-line pt-1" : ""}>
            {hunk.map((line, i) => {
              const style = STYLE[line.kind];
              return (
                <div key={i} className={`flex gap-3 px-3 whitespace-pre ${style.className}`} data-kind={line.kind}>
                  <span className="w-8 shrink-0 text-right opacity-60 select-none">{lineNumber(line)}</span>
                  <span aria-hidden="true" className="select-none">
                    {style.sign}
                  </span>
                  <span className="sr-only">{style.label}: </span>
                  <span>{line.text}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </figure>
  );
}
