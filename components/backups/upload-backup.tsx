"use client";

import { useId, useRef, useState, useSyncExternalStore } from "react";
import { ProgressBar } from "@/components/containers/operation-progress";
import { errorText } from "@/components/ui/field";

interface Uploaded {
  name: string;
  container: string;
  sha256: string;
  bytes: number;
}

/**
 * Uploads a backup archive into the backup directory, streamed, with a
 * progress bar (XMLHttpRequest reports upload progress; fetch does not). The
 * server checks it member by member as it arrives and answers with the reason
 * when it refuses it.
 */
export function UploadBackup({ onUploaded }: { onUploaded: (u: Uploaded) => void }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  // A file picked before the page is interactive would be dropped unseen: enabled once hydrated.
  const ready = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );

  function upload(file: File) {
    setError(null);
    setProgress({ done: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/backups/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/zstd");
    xhr.upload.onprogress = (e) => setProgress({ done: e.loaded, total: e.total || file.size });
    xhr.onload = () => {
      setProgress(null);
      if (input.current) input.current.value = "";
      let body: Partial<Uploaded> & { error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: said below
      }
      if (xhr.status === 200 && body.name) onUploaded(body as Uploaded);
      else setError(body.error ?? `The upload failed (HTTP ${xhr.status}).`);
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("The upload did not reach the server; try again.");
    };
    xhr.send(file);
  }

  return (
    <div className="flex flex-col gap-2 rounded-md border border-line bg-panel p-4">
      <label htmlFor={id} className="text-sm font-medium">
        Upload a backup (.tar.zst)
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        accept=".zst,application/zstd"
        disabled={!ready || progress !== null}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) upload(file);
        }}
        className="text-sm file:mr-3 file:h-8 file:rounded-md file:border file:border-line file:bg-panel file:px-3 file:text-sm"
      />
      <p className="text-xs text-muted">It is checked member by member as it arrives; then it can be restored as a new container.</p>
      {progress && <ProgressBar progress={progress} label="Upload progress" />}
      {error && (
        <p role="alert" className={errorText}>
          {error}
        </p>
      )}
    </div>
  );
}
