/**
 * Controls the administration screens share: an inline confirmation for what cannot be undone, and a secret shown
 * once. (Their checkbox groups are components/fields.tsx's CheckboxesInput, as the chart's are.)
 */
import { useId, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import './admin.css';

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

