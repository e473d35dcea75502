"use client";

import { useContainerList } from "@/components/containers/container-queries";

/**
 * Green when the host has what containers need, amber when something is to
 * fix (the container list's banner says what), grey until the first answer.
 */
export function ReadinessDot() {
  const { data, error } = useContainerList();
  const problem = data?.hostProblem;
  const [colour, text] = !data
    ? error
      ? ["bg-red-500", "Host status unknown: the server did not answer"]
      : ["bg-zinc-400", "Checking the host"]
    : problem
      ? ["bg-amber-500", `Host needs attention: ${problem.message}`]
      : ["bg-green-500", "Host ready"];
  return (
    <span role="status" title={text} className="inline-flex items-center gap-1.5 text-xs text-muted">
      <span aria-hidden="true" className={`size-2.5 rounded-full ${colour}`} />
      <span className="sr-only">{text}</span>
    </span>
  );
}
