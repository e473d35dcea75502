import Link from "next/link";

/**
 * The container's tabs. Overview, Config and Activity are sections of the
 * container page; Processes is a page of its own. Terminal joins when its page is built.
 */
const TABS = [
  { label: "Overview", path: "#overview" },
  { label: "Processes", path: "/processes" },
  { label: "Config", path: "#config" },
  { label: "Activity", path: "#activity" },
] as const;

export type ContainerTab = (typeof TABS)[number]["label"];

/** `current` marks the tab of the page being shown; the sections of the container page mark none. */
export function ContainerTabs({ name, current }: { name: string; current?: ContainerTab }) {
  const base = `/containers/${encodeURIComponent(name)}`;
  return (
    <nav aria-label="Container sections" className="flex gap-1 overflow-x-auto border-b border-line">
      {TABS.map((tab) => {
        const isCurrent = tab.label === current;
        return (
          <Link
            key={tab.label}
            href={`${base}${tab.path}`}
            aria-current={isCurrent ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              isCurrent ? "border-accent font-medium text-ink" : "border-transparent text-muted hover:border-line hover:text-ink"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
