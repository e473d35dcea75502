import type { ButtonHTMLAttributes } from "react";

/** A button on the terminal's dark toolbar, light on dark in either theme. */
export function ToolbarButton({ className = "", type = "button", ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type={type}
      className={`h-7 shrink-0 rounded px-2.5 text-xs font-medium whitespace-nowrap text-zinc-200 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-400 disabled:cursor-not-allowed disabled:text-zinc-500 disabled:hover:bg-transparent ${className}`}
      {...props}
    />
  );
}
