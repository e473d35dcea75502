import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { containerNameProblem } from "@/lib/container-name";
import { requirePageUser } from "@/server/auth/next";
import { isLxcError } from "@/server/lxc";
import { containerSettingsView } from "@/server/containers/settings-view";
import { fixedAddressView } from "@/server/addresses/fixed-address";
import { ContainerPageHeader } from "@/components/containers/container-page-header";
import { SettingsForm } from "@/components/containers/settings-form";
import { FixedAddressForm } from "@/components/addresses/fixed-address-form";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Settings` };
}

async function settingsOrNotFound(name: string) {
  try {
    return await containerSettingsView(name);
  } catch (err) {
    if (isLxcError(err) && err.code === "CONTAINER_NOT_FOUND") notFound();
    throw err;
  }
}

export default async function ContainerSettingsPage({ params }: Props) {
  const { name } = await params;
  const actor = await requirePageUser("viewer", "view settings", `/containers/${encodeURIComponent(name)}/settings`);
  // A name no container can have never reaches the adapter.
  if (containerNameProblem(name)) notFound();
  const settings = await settingsOrNotFound(name);
  const address = await fixedAddressView(name);
  return (
    <div className="flex flex-col gap-6">
      <ContainerPageHeader name={name} current="Settings" back={{ href: `/containers/${encodeURIComponent(name)}`, label: name }} />
      {/* Keyed by the config it was read from: after a write the form starts from the new values. */}
      <SettingsForm
        key={settings.fingerprint}
        name={name}
        initialState={settings.state}
        current={settings.current}
        limits={settings.limits}
        networkType={settings.networkType}
        configPath={settings.configPath}
        canAct={actor.role === "admin"}
      />
      <FixedAddressForm name={name} view={address} canAct={actor.role === "admin"} />
    </div>
  );
}
