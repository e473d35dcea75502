import { TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

/** A plain GET form: the filter lives in the address, so a filtered page can be bookmarked. */
export function ContainerFilterForm({ value, problem }: { value: string; problem: string | null }) {
  return (
    <form method="get" action="/activity" className="flex items-end gap-2">
      <TextField id="activity-container" label="Container" name="container" defaultValue={value} error={problem ?? undefined} className="w-56 font-mono" placeholder="every container" />
      <Button type="submit">Filter</Button>
    </form>
  );
}
