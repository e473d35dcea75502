import { Skeleton } from "@/components/ui/skeleton";

/** The container page's shape while its data loads. */
export function ContainerPageSkeleton() {
  return (
    <div className="flex flex-col gap-5" aria-busy="true" aria-label="Loading the container">
      <Skeleton className="h-4 w-24" />
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-8 w-80" />
      <div className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
