import type { IdMapEntry } from "./container-types";

/** One backup as the Backups tables list it. */
export interface BackupView {
  /** The file name without .tar.zst. */
  name: string;
  /** The container it was made of. */
  container: string;
  createdAt: string;
  comment: string;
  /** The archive's size. */
  bytes: number;
  /** SHA-256 of the archive, hex. */
  sha256: string;
  /** What it unpacks to, about. */
  contentBytes: number;
  /** The source's id map (empty: privileged). */
  idmap: IdMapEntry[];
  scheduleId: number | null;
  /** Made by the dashboard or checked on upload, and unchanged since (its seal holds); false: looked at on restore. */
  sealed: boolean;
}

/** A restore cut short (the dashboard stopped): the directory is there, with no config, so nothing can start it. */
export interface HalfRestored {
  name: string;
  dir: string;
  since: string;
}

/** GET /api/backups (and ?container=NAME) */
export interface BackupListResponse {
  directory: string;
  freeBytes: number | null;
  backups: BackupView[];
  halfRestored: HalfRestored[];
}
