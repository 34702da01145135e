/**
 * The form fields every screen uses: React Aria Components (labels, descriptions and errors wired for assistive
 * technology, keyboard behaviour as the ARIA patterns describe), styled in styles.css. Errors come from the field's own
 * validation on submit and from the API's problem `errors` through the enclosing <Form validationErrors>.
 *
 * A failed submit must not move the submit button under the pointer: each field keeps a line for its error whether or
 * not it has one (styles.css), and what the form says as a whole (the problem, a saved notice) goes below the buttons
 * (FormActions), never above them; an error longer than its line still pushes what follows, so messages are kept
 * short. A failed submit moves the focus to the first field in error, whether the fields' own checks or the API
 * stopped it (Form).
 */
import { useEffect, useRef, type ComponentProps, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  FieldError,
  Form as AriaForm,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  NumberField,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
  Group,
} from 'react-aria-components';

/**
 * A form whose failed submit moves the focus to the first field in error: the fields' own checks (the browser's
 * `invalid` events, which stop the submit) and the errors an API answer names (validationErrors after a submit).
 * React Aria's fields mark themselves invalid once they render again, so the field is looked for a frame later.
 */
export function Form({ onSubmit, validationErrors, ...props }: ComponentProps<typeof AriaForm>) {
  const ref = useRef<HTMLFormElement>(null);
  const submitted = useRef(false);
  const hasErrors = !!validationErrors && Object.keys(validationErrors).length > 0;
  useEffect(() => {
    if (!hasErrors || !submitted.current) return;
    submitted.current = false;
    return focusSoon(ref.current);
  });
  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    // `invalid` does not bubble: caught on its way down, once per submit (every invalid field sends one).
    let pending: (() => void) | undefined;
    const onInvalid = () => {
      pending ??= focusSoon(form, () => (pending = undefined));
    };
    form.addEventListener('invalid', onInvalid, true);
    return () => {
      form.removeEventListener('invalid', onInvalid, true);
      pending?.();
    };
  }, []);
  return (
    <AriaForm
      {...props}
      ref={ref}
      validationErrors={validationErrors}
      onSubmit={(e) => {
        submitted.current = true;
        onSubmit?.(e);
      }}
    />
  );
}

/** Focus the form's first invalid field on the next frame; answers a function that cancels it. */
function focusSoon(form: HTMLFormElement | null, done?: () => void): () => void {
  const frame = requestAnimationFrame(() => {
    focusFirstInvalid(form);
    done?.();
  });
  return () => cancelAnimationFrame(frame);
}

function focusFirstInvalid(form: HTMLFormElement | null): void {
  const field = form?.querySelector('[data-invalid]');
  if (!field) return;
  // The visible control, not the hidden native <select> a Select keeps for autofill.
  const control = Array.from(field.querySelectorAll<HTMLElement>('input, textarea, button')).find((el) => !el.closest('[aria-hidden="true"]') && !el.hasAttribute('disabled'));
  control?.focus();
}

/**
 * A form's buttons, then what the form says as a whole (the problem no field shows, a "saved" notice): below the
 * buttons, so that it appearing does not move them.
 */
export function FormActions({ children, messages }: { children: ReactNode; messages?: ReactNode }) {
  return (
    <div className="form-footer">
      <div className="form-actions">{children}</div>
      {messages}
    </div>
  );
}

type Common = {
  label: ReactNode;
  name: string;
  description?: ReactNode;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
};

type TextProps = Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'datetime-local' | 'tel';
  validate?: (value: string) => string | null | undefined;
  maxLength?: number;
  autoFocus?: boolean;
};

export function TextInput({ label, description, type = 'text', className, ...props }: TextProps) {
  return (
    <TextField {...props} type={type} className={`field ${className ?? ''}`}>
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError />
    </TextField>
  );
}

export function TextAreaInput({ label, description, className, rows = 3, ...props }: Omit<TextProps, 'type'> & { rows?: number }) {
  return (
    <TextField {...props} className={`field ${className ?? ''}`}>
      <Label>{label}</Label>
      <TextArea rows={rows} />
      {description && <Text slot="description">{description}</Text>}
      <FieldError />
    </TextField>
  );
}

type NumberProps = Common & {
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  minValue?: number;
  maxValue?: number;
  validate?: (value: number) => string | null | undefined;
};

export function NumberInput({ label, description, className, value, onChange, ...props }: NumberProps) {
  return (
    <NumberField
      {...props}
      value={value ?? NaN}
      onChange={(v) => onChange(Number.isNaN(v) ? undefined : v)}
      formatOptions={{ maximumFractionDigits: 0, useGrouping: false }}
      className={`field field-number ${className ?? ''}`}
    >
      <Label>{label}</Label>
      <Group className="number-group">
        <Input />
      </Group>
      {description && <Text slot="description">{description}</Text>}
      <FieldError />
    </NumberField>
  );
}

export type Option<K extends string> = { id: K; label: string };

type SelectProps<K extends string> = Common & {
  options: readonly Option<K>[];
  value: K | null;
  onChange: (value: K | null) => void;
  placeholder?: string;
};

export function SelectInput<K extends string>({ label, description, className, options, value, onChange, placeholder, ...props }: SelectProps<K>) {
  return (
    <Select
      {...props}
      selectedKey={value}
      onSelectionChange={(key) => onChange(key === null ? null : (String(key) as K))}
      placeholder={placeholder ?? 'Choose…'}
      className={`field field-select ${className ?? ''}`}
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">▾</span>
      </Button>
      {description && <Text slot="description">{description}</Text>}
      <FieldError />
      <Popover className="select-popover">
        <ListBox className="select-listbox">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="select-option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

type RadioProps<K extends string> = Common & {
  options: readonly (Option<K> & { detail?: ReactNode })[];
  value: K | null;
  onChange: (value: K) => void;
  orientation?: 'horizontal' | 'vertical';
};

export function RadioInput<K extends string>({ label, description, className, options, value, onChange, orientation = 'vertical', ...props }: RadioProps<K>) {
  return (
    <RadioGroup {...props} value={value} onChange={(v) => onChange(v as K)} orientation={orientation} className={`field field-radio ${className ?? ''}`}>
      <Label>{label}</Label>
      {description && <Text slot="description">{description}</Text>}
      <div className="radio-options">
        {options.map((o) => (
          <Radio key={o.id} value={o.id} className="radio">
            <span className="radio-mark" aria-hidden="true" />
            <span className="radio-label">
              <strong>{o.label}</strong>
              {o.detail && <span className="radio-detail">{o.detail}</span>}
            </span>
          </Radio>
        ))}
      </div>
      <FieldError />
    </RadioGroup>
  );
}

type CheckboxesProps<K extends string> = Common & {
  options: readonly Option<K>[];
  value: readonly K[];
  onChange: (value: K[]) => void;
  validate?: (value: K[]) => string | null | undefined;
  orientation?: 'horizontal' | 'vertical';
};

/** A group of checkboxes (days of a block, event families, a consent's categories, a problem's ASAM dimensions). */
export function CheckboxesInput<K extends string>({ label, description, className, options, value, onChange, validate, orientation = 'horizontal', ...props }: CheckboxesProps<K>) {
  return (
    <CheckboxGroup
      {...props}
      value={[...value]}
      onChange={(v) => onChange(v as K[])}
      validate={validate ? (v) => validate(v as K[]) ?? null : undefined}
      className={`field field-checkboxes field-checkboxes-${orientation} ${className ?? ''}`}
    >
      <Label className="checkbox-group-label">{label}</Label>
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
