import Form from "next/form";
import Link from "next/link";
import { DEFAULT_IMAGE_SERVER } from "@/lib/image-types";
import { buttonClasses } from "@/components/ui/button";

/**
 * Which image server's index the page shows: a GET form, so a mirror's
 * catalogue can be linked to. Keyed by the value so a link to another server
 * shows that server, not the old text.
 */
export function ImageServerForm({ server, error }: { server: string; error: string | null }) {
  const reread = new URLSearchParams({ ...(server && { server }), reread: "1" });
  return (
    <Form action="/images" className="flex flex-wrap items-end gap-3" aria-label="Read an image server's index">
      <div className="flex flex-col gap-1">
        <label htmlFor="image-server" className="text-xs font-medium text-muted">
          Image server
        </label>
        <input
          key={server}
          id="image-server"
          name="server"
          defaultValue={server}
          placeholder={DEFAULT_IMAGE_SERVER}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "image-server-error" : "image-server-hint"}
          className="h-9 w-80 max-w-full rounded-md border border-line bg-panel px-2.5 font-mono text-sm aria-[invalid=true]:border-red-500"
        />
      </div>
      <button type="submit" className={buttonClasses("secondary")}>
        Read its index
      </button>
      <Link href={`/images?${reread.toString()}`} className="h-9 content-center text-sm text-accent hover:underline">
        Read again
      </Link>
      {error ? (
        <p id="image-server-error" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : (
        <p id="image-server-hint" className="w-full text-xs text-muted">
          A mirror of {DEFAULT_IMAGE_SERVER} as host or host:port (https, as lxc-download uses); empty for the default.
        </p>
      )}
    </Form>
  );
}
