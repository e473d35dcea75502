"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/api-types";
import { useToast } from "@/components/ui/toast";

/** Runs one settings action: a toast with its outcome, the page re-read on success; the failed field for the form. */
export function useAlertAction() {
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; error: string } | null>(null);
  async function run(call: () => Promise<ActionResult & { field?: string }>): Promise<boolean> {
    setPending(true);
    setFieldError(null);
    try {
      const r = await call();
      if (r.ok) {
        toast({ tone: "ok", content: r.message });
        router.refresh();
        return true;
      }
      if (r.field) setFieldError({ field: r.field, error: r.error });
      toast({ tone: "error", content: r.error });
      return false;
    } catch {
      toast({ tone: "error", content: "The dashboard could not be reached; try again." });
      return false;
    } finally {
      setPending(false);
    }
  }
  return { run, pending, fieldError, errorFor: (field: string) => (fieldError?.field === field ? fieldError.error : undefined) };
}
