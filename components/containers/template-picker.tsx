import { TEMPLATE_NAMES } from "@/lib/create-command";
import type { TemplateName } from "@/lib/container-types";

const DESCRIPTION: Record<TemplateName, string> = {
  busybox: "A minimal system from the host's BusyBox, made in about a second.",
  download: "A prebuilt distribution image from images.linuxcontainers.org or a mirror.",
  debian: "Bootstrapped from Debian's mirror with debootstrap; privileged only.",
};

const isSupported = (t: string): t is TemplateName => (TEMPLATE_NAMES as readonly string[]).includes(t);

/**
 * The template as a choice of cards: the three the dashboard drives. Other
 * templates the host has are named below them but not offered: the form does
 * not know their options.
 */
export function TemplatePicker({
  value,
  onChange,
  hostTemplates,
  unavailable,
  error,
  disabled,
}: {
  value: TemplateName;
  onChange: (t: TemplateName) => void;
  hostTemplates: string[];
  /** Templates shown but not offered, each with the reason (debian as a regular user). */
  unavailable: Partial<Record<TemplateName, string>>;
  error?: string;
  disabled: boolean;
}) {
  const others = hostTemplates.filter((t) => !isSupported(t));
  const card =
    "relative flex cursor-pointer flex-col gap-1 rounded-md border bg-panel p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-focus";
  return (
    <div className="flex flex-col gap-2">
      <span id="template-label" className="text-sm font-medium">
        Template
      </span>
      <div
        role="radiogroup"
        aria-labelledby="template-label"
        aria-describedby={error ? "template-error" : undefined}
        className="grid gap-2 sm:grid-cols-3"
      >
        {TEMPLATE_NAMES.map((t) => {
          const reason = unavailable[t];
          return (
            <label
              key={t}
              className={`${card} ${
                reason
                  ? "cursor-not-allowed border-dashed border-line"
                  : value === t
                    ? "border-accent ring-1 ring-accent"
                    : "border-line hover:border-muted"
              }`}
            >
              <input
                type="radio"
                name="template"
                value={t}
                checked={value === t}
                onChange={() => onChange(t)}
                disabled={disabled || reason !== undefined}
                aria-labelledby={`template-${t}`}
                aria-describedby={`template-${t}-description`}
                className="sr-only"
              />
              <span id={`template-${t}`} className={`font-mono text-sm font-semibold ${reason ? "text-muted" : ""}`}>
                {t}
              </span>
              <span id={`template-${t}-description`} className="text-xs text-muted">
                {reason ?? DESCRIPTION[t]}
              </span>
            </label>
          );
        })}
      </div>
      {others.length > 0 && (
        <p className="text-xs text-muted">
          Also on this host, for use by hand with <code className="font-mono">lxc-create -t</code>:{" "}
          <span className="font-mono">{others.join(", ")}</span>.
        </p>
      )}
      {error && (
        <p id="template-error" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
