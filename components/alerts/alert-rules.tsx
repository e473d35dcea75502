"use client";

import { useState } from "react";
import { setAlertRuleAction } from "@/app/alerts/actions";
import { ALERT_RULES, type AlertRuleView } from "@/lib/alert-types";
import { CheckboxField, TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useAlertAction } from "./use-alert-action";

function RuleRow({ rule }: { rule: AlertRuleView }) {
  const info = ALERT_RULES[rule.id];
  const action = useAlertAction();
  const [threshold, setThreshold] = useState(String(rule.threshold ?? ""));
  return (
    <li className="flex flex-wrap items-end gap-3 border-b border-line py-3 last:border-b-0">
      <div className="min-w-64 flex-1">
        <CheckboxField
          id={`rule-${rule.id}`}
          label={info.title}
          hint={info.description}
          checked={rule.enabled}
          disabled={action.pending}
          onChange={(on) => void action.run(() => setAlertRuleAction(rule.id, on, null))}
        />
      </div>
      {info.threshold && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(() => setAlertRuleAction(rule.id, rule.enabled, Number(threshold)));
          }}
        >
          <TextField
            id={`rule-${rule.id}-threshold`}
            label={`${info.threshold.label} (${info.threshold.unit})`}
            inputMode="decimal"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            error={action.errorFor("threshold")}
            className="w-24 font-mono"
          />
          <Button type="submit" disabled={action.pending}>
            Save
          </Button>
        </form>
      )}
    </li>
  );
}

/** Each rule with its switch (and number); a change is saved at once. */
export function AlertRules({ rules }: { rules: AlertRuleView[] }) {
  return (
    <ul className="rounded-md border border-line bg-panel px-4">
      {rules.map((r) => (
        <RuleRow key={r.id} rule={r} />
      ))}
    </ul>
  );
}
