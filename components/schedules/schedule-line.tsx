"use client";

import { useId, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { clearScheduleAction, setScheduleAction } from "@/app/schedules/actions";
import { FREQUENCIES, WEEKDAYS, type Frequency, type ScheduleKind, type ScheduleView } from "@/lib/schedule-schemas";
import { formatTimestamp } from "@/lib/format-units";
import { queryKeys } from "@/lib/query-keys";
import { fetchOrNull } from "@/components/containers/container-queries";
import { Button } from "@/components/ui/button";
import { errorText, fieldControl } from "@/components/ui/field";

const scheduleKey = queryKeys.schedules;

/** The container's schedules; asked again when the push stream says they changed (a save, a run): no polling. */
function useSchedules(container: string) {
  return useQuery({
    queryKey: scheduleKey(container),
    queryFn: () => fetchOrNull<ScheduleView[]>(`/api/containers/${encodeURIComponent(container)}/schedules`),
  });
}

const small = `${fieldControl} h-8 px-2 text-sm`;

/**
 * A container's snapshot or backup schedule in one line: "daily at 03:00,
 * keep 7", with its next run and how the last one went (a failure in red, its
 * message). Admins change it in place; viewers read it.
 */
export function ScheduleLine({ container, kind, canAct }: { container: string; kind: ScheduleKind; canAct: boolean }) {
  const { data } = useSchedules(container);
  const current = data?.find((s) => s.kind === kind) ?? null;
  return (
    <section aria-label={`Scheduled ${kind}s`} className="flex flex-col gap-2 rounded-md border border-line bg-panel px-4 py-3 text-sm">
      {/* The form starts from the saved schedule once it has loaded, and keeps its own state (and its "saved" line) from then on. */}
      {data === undefined ? (
        <p className="flex h-8 items-center text-muted">Scheduled {kind}s: loading…</p>
      ) : canAct ? (
        <ScheduleForm container={container} kind={kind} current={current} />
      ) : (
        <p>{current ? `Scheduled: ${current.description}` : `No scheduled ${kind}s.`}</p>
      )}
      {current && <ScheduleStatus schedule={current} />}
    </section>
  );
}

function ScheduleStatus({ schedule }: { schedule: ScheduleView }) {
  return (
    <p className="text-xs text-muted">
      Next run <span className="font-mono">{formatTimestamp(schedule.nextRunAt)}</span>
      {schedule.lastRunAt && (
        <>
          {" · "}last run <span className="font-mono">{formatTimestamp(schedule.lastRunAt)}</span>:{" "}
          <span role={schedule.lastOutcome === "failed" ? "alert" : undefined} className={schedule.lastOutcome === "failed" ? "font-medium text-red-700 dark:text-red-300" : "text-green-700 dark:text-green-300"}>
            {schedule.lastOutcome === "failed" ? "failed" : "ok"} — {schedule.lastMessage}
          </span>
        </>
      )}
    </p>
  );
}

function ScheduleForm({ container, kind, current }: { container: string; kind: ScheduleKind; current: ScheduleView | null }) {
  const [frequency, setFrequency] = useState<Frequency | "off">(current?.spec.frequency ?? "off");
  const [time, setTime] = useState(current?.spec.time ?? "03:00");
  const [weekday, setWeekday] = useState(current?.spec.weekday ?? 0);
  const [keep, setKeep] = useState(String(current?.spec.keep ?? 7));
  const [whileRunning, setWhileRunning] = useState(current?.spec.whileRunning ?? "stop");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const queryClient = useQueryClient();
  const id = useId();

  async function save() {
    const r =
      frequency === "off"
        ? await clearScheduleAction(container, kind)
        : await setScheduleAction(container, kind, { frequency, time, weekday, keep: Number(keep), whileRunning: kind === "snapshot" ? "stop" : whileRunning });
    setMessage(r.ok ? { ok: true, text: r.message } : { ok: false, text: r.error });
    void queryClient.invalidateQueries({ queryKey: scheduleKey(container) });
  }

  return (
    <form
      aria-label={`Schedule ${kind}s`}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={`${id}-f`} className="font-medium">
        Scheduled {kind}s
      </label>
      <select id={`${id}-f`} aria-label="How often" value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency | "off")} className={small}>
        <option value="off">off</option>
        {FREQUENCIES.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      {frequency === "weekly" && (
        <select aria-label="Weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))} className={small}>
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i}>
              on {d}
            </option>
          ))}
        </select>
      )}
      {frequency !== "off" && (
        <>
          <span>at</span>
          <input type="time" aria-label="Time" value={time} onChange={(e) => setTime(e.target.value)} className={small} required />
          <span>keep</span>
          <input type="number" aria-label="Keep" min={1} max={100} value={keep} onChange={(e) => setKeep(e.target.value)} className={`${small} w-16`} required />
          {kind === "backup" && (
            <select aria-label="If it is running" value={whileRunning} onChange={(e) => setWhileRunning(e.target.value as typeof whileRunning)} className={small}>
              <option value="stop">stop it for the copy</option>
              <option value="freeze">freeze it for the copy</option>
              <option value="live">copy it live</option>
            </select>
          )}
          {kind === "snapshot" && <span className="text-xs text-muted">(a running container is stopped for the copy and started again)</span>}
        </>
      )}
      <Button type="submit" size="sm">
        Save
      </Button>
      {message && (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-green-700 dark:text-green-300" : errorText}>
          {message.text}
        </span>
      )}
    </form>
  );
}
