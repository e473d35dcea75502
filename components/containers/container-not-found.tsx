import Link from "next/link";

/** Said when a container page's container does not exist (or no longer does). */
export function ContainerNotFound({ name }: { name?: string }) {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-xl font-semibold">
        {name ? (
          <>
            Container <span className="font-mono">{name}</span> does not exist
          </>
        ) : (
          "This container does not exist"
        )}
      </h1>
      <p className="mt-2 text-sm text-muted">
        It may have been destroyed, or the name in the address is mistyped; the container list shows every container on
        this host.
      </p>
      <Link href="/" className="mt-4 inline-block text-sm text-accent hover:underline">
        Go to the containers
      </Link>
    </div>
  );
}
