/** Who asked for an action, as the audit log records it. */
export interface Who {
  actor: string;
  address: string | null;
}
