"use client";

import { Button } from "@/components/ui/button";

/**
 * A page that failed to render. The server keeps the details (and the digest
 * to find them); the page says what happened in one sentence, never a stack.
 */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-xl font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-sm text-muted">
        The dashboard hit an error while preparing it; try again, and if it persists look in the server&apos;s log
        {digest ? (
          <>
            {" "}
            for <span className="font-mono">{digest}</span>
          </>
        ) : null}
        .
      </p>
      <Button variant="primary" className="mt-4" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
