/**
 * Controls the administration screens share: a group of checkboxes (days of a block, event families, roles), an
 * inline confirmation for what cannot be undone, and a secret shown once.
 */
import { useId, useState, type ReactNode } from 'react';
import { Button, Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
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

