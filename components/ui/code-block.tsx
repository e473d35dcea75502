import { CopyButton } from "./copy-button";

/** A command or file shown verbatim in monospace, with a copy button; lines wrap between words, long paths anywhere. */
export function CodeBlock({ text, label, className = "" }: { text: string; label: string; className?: string }) {
  return (
    <div className={`relative rounded-md border border-line bg-panel-raised ${className}`}>
      <pre className="overflow-x-auto py-2 pr-10 pl-3 font-mono text-xs leading-relaxed whitespace-pre-wrap wrap-anywhere">
        {text}
      </pre>
      <CopyButton text={text} label={label} className="absolute top-1.5 right-1.5" />
    </div>
  );
}
