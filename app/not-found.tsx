import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-muted">There is no page at this address; the container list is a good place to start.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-accent hover:underline">
        Go to the containers
      </Link>
    </div>
  );
}
