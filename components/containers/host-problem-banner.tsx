import type { HostProblem } from "@/lib/api-types";
import { Banner } from "@/components/ui/banner";
import { CodeBlock } from "@/components/ui/code-block";

/** What the host lacks and the command that fixes it. */
export function HostProblemBanner({ problem }: { problem: HostProblem }) {
  return (
    <Banner title={problem.message}>
      <p className="mb-1.5">To fix it, run on the host:</p>
      <CodeBlock text={problem.fix} label="the fix command" className="bg-white/60 dark:bg-black/30" />
    </Banner>
  );
}
