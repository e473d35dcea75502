// The lxc adapter: everything the rest of the server uses from server/lxc.
export * from "./types";
export * from "./errors";
export { runTool, runToolOrThrow, setToolRunner, defaultRunner, type ToolRunner, type RunOptions, type OutputStream } from "./run-tool";
export { lxcPath, containerDir, containerConfigPath, containerExists } from "./lxc-path";
export { validContainerName } from "./validate-name";
export { withContainerLock, withContainerLockIfFree, busyContainers } from "./container-lock";
export { parseLxcLs, LXC_LS_COLUMNS } from "./parse-lxc-ls";
export { parseLxcInfo } from "./parse-lxc-info";
export { parseContainerConfig, type ContainerConfigFacts } from "./parse-container-config";
export { listContainers, listArgv } from "./list-containers";
export { getContainer } from "./container-detail";
export {
  actionArgv,
  startContainer,
  stopContainer,
  restartContainer,
  freezeContainer,
  unfreezeContainer,
  destroyContainer,
  DEFAULT_STOP_TIMEOUT_SECONDS,
  type ActionOptions,
} from "./lifecycle";
export { setAutostart } from "./autostart";
export { applyConfigEdits, replaceConfigFile, type ConfigEdit } from "./config-file";
export { ensureUnprivilegedConfig, findSubordinateRange, unprivilegedConfigText, type SubordinateRange } from "./unprivileged-config";
export { createContainer, createArgv, validateCreateRequest, type CreateHooks } from "./create-container";
export { formatArgv, buildCreateArgv } from "@/lib/create-command";
