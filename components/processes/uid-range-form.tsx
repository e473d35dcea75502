"use client";

import { useId, useState } from "react";
import { formatUidRange, uidRangeProblem, uidRangeSchema } from "@/lib/uid-range";
import { Button } from "@/components/ui/button";

/**
 * The uid or range the host view shows, as `top -U` takes it. Checked here
 * before anything is asked of the server: a bad input gets a message next to
 * the field and no request. A viewer (not `anyRange`) is told which uids it may list.
 */
export function UidRangeForm({
  active,
  onChange,
  anyRange,
}: {
  active: string | null;
  onChange: (range: string | null) => void;
  anyRange: boolean;
}) {
  const [input, setInput] = useState(active ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const problemId = useId();
  const hintId = useId();

  return (
    <form
      noValidate
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const found = uidRangeProblem(input);
        setProblem(found);
        if (found) return;
        const range = formatUidRange(uidRangeSchema.parse(input));
        setInput(range);
        onChange(range);
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={inputId} className="text-xs font-medium text-muted">
          UID or range
        </label>
        <input
          id={inputId}
          value={input}
          onChange={(e) => {
            setInput(e.target.value);
            setProblem(null);
          }}
          placeholder="100000 or 100000-165535"
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : anyRange ? undefined : hintId}
          className="h-9 w-56 rounded-md border border-line bg-panel px-2.5 font-mono text-sm aria-[invalid=true]:border-red-600"
        />
      </div>
      <div className="flex gap-2 self-end">
        <Button type="submit">Show</Button>
        {active !== null && (
          <Button
            variant="ghost"
            onClick={() => {
              setInput("");
              setProblem(null);
              onChange(null);
            }}
          >
            All ranges in use
          </Button>
        )}
      </div>
      {problem ? (
        <p id={problemId} role="alert" className="basis-full text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : (
        !anyRange && (
          <p id={hintId} className="basis-full max-w-md text-xs text-muted">
            Uids within the ranges in use only; the host&apos;s other uids (root&apos;s included) only an admin can list.
          </p>
        )
      )}
    </form>
  );
}
