import type { ReactNode } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import './chart-forms.css';

/**
 * A group of checkboxes with its label, description and errors (the field's own on submit, the API's through the
 * enclosing <Form validationErrors> under `name`), as components/fields.tsx does for the other inputs.
 */
export function CheckboxGroupInput<K extends string>({ label, name, description, options, value, onChange, isRequired, orientation = 'horizontal' }: {
  label: ReactNode;
  name: string;
  description?: ReactNode;
  options: readonly { id: K; label: string }[];
  value: readonly K[];
  onChange: (value: K[]) => void;
  isRequired?: boolean;
  orientation?: 'horizontal' | 'vertical';
}) {
  return (
    <CheckboxGroup
      name={name}
      value={[...value]}
      onChange={(v) => onChange(v as K[])}
      isRequired={isRequired}
      className={`field field-checkboxes field-checkboxes-${orientation}`}
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
