/** What a page shows a signed-in user it refuses (a viewer on an admin's page): the reason, in place of the page. */
export function RefusedPage({ message }: { message: string }) {
  return <p className="py-16 text-center text-sm text-muted">{message}</p>;
}
