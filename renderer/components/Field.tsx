import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { LockIcon } from './LockIcon.tsx';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Shown under the field when the value is set by machine policy. */
  lockedNote?: string | undefined;
}

// A labelled input whose hint, lock note and error are read out with it (aria-describedby).
export function Field({ label, hint, error, lockedNote, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const lockId = `${id}-lock`;
  const describedBy =
    [lockedNote ? lockId : '', hint ? hintId : '', error ? errorId : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...input}
        readOnly={lockedNote ? true : input.readOnly}
      />
      {lockedNote ? (
        <p className="field-lock" id={lockId}>
          <LockIcon /> {lockedNote}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          <span aria-hidden="true">! </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
