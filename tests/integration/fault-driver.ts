// Run by the faults-* tests as a process of its own (`node --import tsx`), to
// be killed with SIGKILL in the middle of real work: the same service calls a
// click makes (create, destroy, settings), on the DATA_DIR and lxcpath of the
// test's environment. It prints one line per step so the test knows when it
// is "in the middle".
//   fault-driver.ts create NAME | destroy NAME | settings NAME
import { performAction } from "@/server/containers/container-actions";
import { startCreate } from "@/server/containers/create-service";
import { saveSettings } from "@/server/containers/settings-service";
import { readContainerSettings } from "@/server/lxc/container-settings";

const who = { actor: "fault-driver", address: "127.0.0.1" };
const [what, name] = process.argv.slice(2) as [string, string];
const say = (line: string) => process.stdout.write(`${line}\n`);

if (what === "create") {
  const r = await startCreate(who, { template: "busybox", name });
  say(r.ok ? "create started" : `create refused: ${r.error}`);
} else if (what === "destroy") {
  say("destroy started");
  say(JSON.stringify(await performAction(who, name, "destroy")));
} else if (what === "settings") {
  // Rewrites the config again and again, switching between two memory limits, until killed.
  for (let i = 0; ; i++) {
    const s = await readContainerSettings(name);
    const r = await saveSettings(who, name, { ...s.current, memoryLimit: i % 2 === 0 ? "64M" : "96M" }, s.fingerprint);
    say(r.ok ? `saved ${i}` : `refused: ${r.error}`);
  }
}
// Stay in the middle until the test kills this process.
setInterval(() => undefined, 1000);
