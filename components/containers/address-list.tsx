import { CopyButton } from "@/components/ui/copy-button";

/** IPv6 literals need brackets in a URL. */
function addressUrl(address: string): string {
  return address.includes(":") ? `http://[${address}]/` : `http://${address}/`;
}

/**
 * Each address a link to the web server it may run, with a copy button; "—"
 * when there is none, or, when the host's network is why (lxc-net stopped),
 * the sentence saying so.
 */
export function AddressList({ addresses, note }: { addresses: string[]; note?: string }) {
  if (addresses.length === 0 && note) return <span className="block max-w-72 text-xs text-amber-700 dark:text-amber-400">{note}</span>;
  if (addresses.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul className="flex flex-col gap-0.5">
      {addresses.map((address) => (
        <li key={address} className="flex items-center gap-0.5">
          <a
            href={addressUrl(address)}
            target="_blank"
            rel="noopener noreferrer"
            className="font-mono text-xs text-accent hover:underline"
          >
            {address}
          </a>
          <CopyButton text={address} label={address} />
        </li>
      ))}
    </ul>
  );
}
