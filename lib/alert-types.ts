// Alerts as both sides see them: the rules, the targets (without secrets) and the bell's list.

export type AlertRuleId = "unexpected-stop" | "oom-kill" | "autostart-not-running" | "host-not-ready" | "low-disk" | "scheduled-job-failed";

export interface AlertRuleInfo {
  title: string;
  description: string;
  /** A number the rule takes (free disk: percent), with its bounds; null for rules without one. */
  threshold: { label: string; unit: string; default: number; min: number; max: number } | null;
}

export const ALERT_RULES: Record<AlertRuleId, AlertRuleInfo> = {
  "unexpected-stop": {
    title: "Container stopped unexpectedly",
    description: "A container stopped outside the dashboard, or its init exited with a non-zero status.",
    threshold: null,
  },
  "oom-kill": {
    title: "Out-of-memory kill",
    description: "The kernel's OOM killer ended a process inside a container (its memory limit was reached).",
    threshold: null,
  },
  "autostart-not-running": {
    title: "Autostart container not running",
    description: "A container marked to start at boot is not running two minutes after the dashboard started.",
    threshold: null,
  },
  "host-not-ready": {
    title: "Host needs attention",
    description: "A host requirement the containers depend on turned bad (the Host page's checklist).",
    threshold: null,
  },
  "low-disk": {
    title: "Low free disk",
    description: "Free space on the file system holding the containers fell below the threshold.",
    threshold: { label: "Free disk below", unit: "%", default: 10, min: 1, max: 90 },
  },
  "scheduled-job-failed": {
    title: "Scheduled snapshot or backup failed",
    description: "A container's scheduled snapshot or backup did not finish (its message says why; the Snapshots or Backups tab shows it too).",
    threshold: null,
  },
};

export const ALERT_RULE_IDS = Object.keys(ALERT_RULES) as AlertRuleId[];

export interface AlertRuleView {
  id: AlertRuleId;
  enabled: boolean;
  threshold: number | null;
}

export type TargetKind = "webhook" | "ntfy" | "email";

export const TARGET_KINDS: Record<TargetKind, { label: string; addressLabel: string; secretLabel: string }> = {
  webhook: { label: "Webhook", addressLabel: "URL (JSON is POSTed to it)", secretLabel: "Bearer token (optional)" },
  ntfy: { label: "ntfy", addressLabel: "Topic URL (e.g. https://ntfy.example/containers)", secretLabel: "Access token (optional)" },
  email: { label: "E-mail", addressLabel: "Send to (e-mail address)", secretLabel: "SMTP password (optional)" },
};

/** SMTP settings of an e-mail target (the password is the target's secret). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** "tls": TLS from the start (465); "starttls": upgrade required; "none": plain (a LAN relay). */
  security: "tls" | "starttls" | "none";
  user: string;
  from: string;
}

/** A target as a browser may see it: the secret only as set or not. */
export interface AlertTargetView {
  id: number;
  kind: TargetKind;
  name: string;
  enabled: boolean;
  address: string;
  smtp: SmtpSettings | null;
  secretSet: boolean;
}

export interface AlertView {
  id: number;
  at: string;
  rule: AlertRuleId;
  container: string | null;
  title: string;
  body: string;
  level: "warning" | "error";
  count: number;
  read: boolean;
}

export interface DeliveryLogEntry {
  at: string;
  target: string;
  alert: string;
  ok: boolean;
  detail: string;
  attempt: number;
  status: "pending" | "delivered" | "failed";
}
