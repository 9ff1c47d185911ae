import type { ReactNode } from "react";

/** A labelled JSON textarea with its error right below it, tied together for screen readers. */
export function RecordField(props: {
  id: string;
  label: string;
  value: string;
  error: string | null;
  onChange: (text: string) => void;
}): ReactNode {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        className="json"
        spellCheck={false}
        rows={Math.min(24, Math.max(6, props.value.split("\n").length + 1))}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
