/**
 * Controls the administration screens share: a group of checkboxes (days of a block, event families, roles), an
 * inline confirmation for what cannot be undone, a secret shown once, and the small helpers their forms need.
 */
import { useId, useState, type ReactNode } from 'react';
import { Button, Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import { ApiError } from '../../api/client';
import { type Option } from '../../components/fields';
import './admin.css';

export function CheckboxesInput<K extends string>({ label, name, options, value, onChange, description, isRequired, isDisabled, validate, className }: {
  label: ReactNode; name: string; options: readonly Option<K>[]; value: K[]; onChange: (value: K[]) => void; description?: ReactNode;
  isRequired?: boolean; isDisabled?: boolean; validate?: (value: K[]) => string | null | undefined; className?: string;
}) {
  return (
    <CheckboxGroup
      name={name}
      value={value}
      onChange={(v) => onChange(v as K[])}
      isRequired={isRequired}
      isDisabled={isDisabled}
      validate={validate ? (v) => validate(v as K[]) ?? null : undefined}
      className={`field field-checkboxes ${className ?? ''}`}
    >
      <Label>{label}</Label>
      {description && <Text slot="description">{description}</Text>}
      <div className="checkbox-options">
        {options.map((o) => (
          <Checkbox key={o.id} value={o.id} className="checkbox">
            <span className="checkbox-mark" aria-hidden="true" />
            <span>{o.label}</span>
          </Checkbox>
        ))}
      </div>
      <FieldError />
    </CheckboxGroup>
  );
}

/**
 * An action that cannot be undone asks once more, in place: the first press shows what it will do and a confirm and a
 * cancel button (focus moves to the confirm button), the second runs it.
 */
export function ConfirmButton({ label, confirmLabel, question, onConfirm, isPending, danger, isDisabled }: {
  label: string; confirmLabel: string; question: ReactNode; onConfirm: () => void; isPending?: boolean; danger?: boolean; isDisabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const id = useId();
  if (!asking) {
    return (
      <Button className={`button ${danger ? 'button-danger' : 'button-secondary'}`} onPress={() => setAsking(true)} isDisabled={isDisabled || isPending}>
        {isPending ? `${label}…` : label}
      </Button>
    );
  }
  return (
    <span className="confirm" role="group" aria-labelledby={id}>
      <span id={id} className="confirm-question">{question}</span>{' '}
      <Button
        autoFocus
        className={`button ${danger ? 'button-danger' : ''}`}
        onPress={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>{' '}
      <Button className="button button-secondary" onPress={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}

/** A signing secret, shown in the one answer that carries it: the integrator copies it now, it is never shown again. */
export function SecretOnce({ secret, children, onDone }: { secret: string; children?: ReactNode; onDone: () => void }) {
  return (
    <div className="notice secret-once" role="status">
      <p>
        <strong>Signing secret:</strong> <code className="secret">{secret}</code>
      </p>
      <p>Copy it now into the receiving system: it is shown only this once. {children}</p>
      <Button className="button button-secondary" onPress={onDone}>
        I have stored the secret
      </Button>
    </div>
  );
}

/** `2026-12-06T18:30:00.000Z` as the browser's local date and time (the API's instants are UTC). */
export function when(instant: string | null | undefined): string {
  if (!instant) return '—';
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? instant : t.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long ago, coarsely: minutes, hours or days. */
export function age(instant: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(instant).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} days`;
}

/**
 * The API names an item of a list field (`eventTypes.2`); the form shows a list as one field (`eventTypes`), so an
 * item's error goes to the list's field.
 */
export function listFieldErrors(errors: Record<string, string[]>, lists: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const list = lists.find((l) => key.startsWith(`${l}.`) && /^\d+$/.test(key.slice(l.length + 1)));
    (out[list ?? key] ??= []).push(...messages);
  }
  return out;
}

/** A 403 on a read: the part is not for the user's roles (the API decides; the console only says so). */
export const forbidden = (error: unknown): boolean => error instanceof ApiError && error.status === 403;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const WEEKDAY_OPTIONS: readonly Option<(typeof WEEKDAYS)[number]>[] = [
  { id: 'MON', label: 'Mon' }, { id: 'TUE', label: 'Tue' }, { id: 'WED', label: 'Wed' }, { id: 'THU', label: 'Thu' },
  { id: 'FRI', label: 'Fri' }, { id: 'SAT', label: 'Sat' }, { id: 'SUN', label: 'Sun' },
];

/** `HH:mm`, 24-hour: what the scheduling API takes for block and curriculum times. */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const checkTime = (v: string): string | null => (HHMM.test(v) ? null : 'A time as HH:mm, e.g. 18:00');
