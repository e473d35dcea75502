/** A placeholder of the loaded content's size, so nothing jumps when data arrives. */
export function Skeleton({ className = "h-4 w-full" }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-panel-raised ${className}`} />;
}
