// The lxc adapter: everything the rest of the server uses from server/lxc.
export * from "./types";
export * from "./errors";
export { runTool, runToolOrThrow, runToolPiped, setToolRunner, defaultRunner, type ToolRunner, type RunOptions, type PipeOptions, type OutputStream } from "./run-tool";
export { lxcPath, containerDir, containerConfigPath, containerExists } from "./lxc-path";
export { validContainerName } from "./validate-name";
export { withContainerLock, withContainerLocks, withContainerLockIfFree, busyContainers, onBusyChange } from "./container-lock";
export { onLifecycleNotice, actingAs, notifyLifecycle, type LifecycleNotice } from "./lifecycle-notices";
export { parseLxcLs, LXC_LS_COLUMNS } from "./parse-lxc-ls";
export { parseLxcInfo } from "./parse-lxc-info";
export { parseContainerConfig, type ContainerConfigFacts } from "./parse-container-config";
export { listContainers, listArgv } from "./list-containers";
export { getContainer, containerInfo, readConfigDetail, type ConfigDetail } from "./container-detail";
export { diskUsage, freeBytes } from "./disk-usage";
export { removeTree } from "./remove-tree";
export { rootfsOf, type RootfsInfo } from "./rootfs-store";
export {
  actionArgv,
  runLifecycleAction,
  startContainer,
  stopContainer,
  restartContainer,
  freezeContainer,
  unfreezeContainer,
  destroyContainer,
  DEFAULT_STOP_TIMEOUT_SECONDS,
  type ActionOptions,
  type AroundCommand,
} from "./lifecycle";
export { setAutostart } from "./autostart";
export { applyConfigEdits, replaceConfigFile, type ConfigEdit } from "./config-file";
export { ensureUnprivilegedConfig, findSubordinateRange, unprivilegedConfigText, type SubordinateRange } from "./unprivileged-config";
export { createContainer, createArgv, validateCreateRequest, removeHalfMadeContainer, type CreateHooks } from "./create-container";
export { formatArgv, buildCreateArgv } from "@/lib/create-command";
