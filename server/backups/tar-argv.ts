/**
 * GNU tar does the archiving (the benchmarks compare it with the npm tar
 * package): POSIX format with xattrs (file capabilities included) and ACLs,
 * numeric owners, and zstd on every core. A checkpoint every 100 records
 * (~1 MB) prints "tar: N", N the records so far, for the progress bar.
 */
export const ZSTD = ["zstd", "-T0"];
export const COMPRESSOR = ZSTD.join(" ");
/** GNU tar's record: 20 blocks of 512 bytes. */
export const RECORD_BYTES = 10240;

const METADATA = ["--numeric-owner", "--xattrs", "--xattrs-include=*", "--acls", "--checkpoint=100", "--checkpoint-action=echo=%u"];

/** Writes the rootfs as members rootfs/… to stdout (symbolic link targets left as they are: S). */
export function tarCreateArgv(rootfsDir: string): string[] {
  return [
    "tar",
    "--create",
    "--file=-",
    "--format=posix",
    ...METADATA,
    "--one-file-system",
    `--use-compress-program=${COMPRESSOR}`,
    "-C",
    rootfsDir,
    "--transform=s,^\\.,rootfs,S",
    ".",
  ];
}

/**
 * Unpacks only rootfs/… of the archive on stdin into `targetDir`, owners and
 * modes as archived. The dashboard feeds the file (hashing it on the way), so
 * tar in a user namespace needs no access to the backup directory.
 */
export function tarExtractArgv(targetDir: string): string[] {
  return [
    "tar",
    "--extract",
    "--file=-",
    ...METADATA,
    "--same-owner",
    "--same-permissions",
    `--use-compress-program=${COMPRESSOR}`,
    "-C",
    targetDir,
    "rootfs",
  ];
}

/** "tar: 1200" → bytes of tar stream passed at that checkpoint. */
export function checkpointBytes(line: string): number | null {
  const m = /^tar: (\d+)$/.exec(line.trim());
  return m ? Number(m[1]) * RECORD_BYTES : null;
}
