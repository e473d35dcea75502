import Link from "next/link";
import type { ReactNode } from "react";
import { ContainerTabs, type ContainerTab } from "./container-tabs";

/**
 * The top of every page of a container: the way back (to the list, unless
 * `back` says otherwise), the name with what goes beside it (`children`: its
 * state, its actions), a `notice` under them, then the tabs with `current`
 * marked.
 */
export function ContainerPageHeader({
  name,
  current,
  back = { href: "/", label: "Containers" },
  notice,
  children,
}: {
  name: string;
  current?: ContainerTab;
  back?: { href: string; label: string };
  notice?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-3">
      <Link href={back.href} className="text-sm text-accent hover:underline">
        ← {back.label}
      </Link>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="font-mono text-2xl font-semibold">{name}</h1>
        {children}
      </div>
      {notice}
      <ContainerTabs name={name} current={current} />
    </div>
  );
}
