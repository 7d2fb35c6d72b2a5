import type { ComponentChildren } from 'preact';

/**
 * Labelled inputs: every field has a visible <label>, its help text is tied to it with
 * aria-describedby, and an error marks it aria-invalid and is announced with it. Autocomplete
 * is off everywhere: browsers would otherwise remember what was typed on this device.
 */
type Common = { id: string; label: string; help?: string; error?: string; required?: boolean };

function describedBy(id: string, help?: string, error?: string) {
  return [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Label({ id, label, required }: Common) {
  return (
    <label for={id}>
      {label}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
}

function HelpAndError({ id, help, error }: Common) {
  return (
    <>
      {help ? (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(props: Common & { value: string; onInput: (v: string) => void; rows?: number; spellcheck?: boolean; maxLength?: number }) {
  const { id, value, onInput, rows, required, error, help } = props;
  const shared = {
    id,
    name: id,
    value,
    required,
    autocomplete: 'off',
    spellcheck: props.spellcheck,
    maxLength: props.maxLength,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, help, error),
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <Label {...props} />
      {rows ? <textarea rows={rows} {...shared} /> : <input type="text" {...shared} />}
      <HelpAndError {...props} />
    </div>
  );
}

export function SelectField(props: Common & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; placeholder?: string }) {
  const { id, value, onChange, options, placeholder, required, error, help } = props;
  return (
    <div class="field">
      <Label {...props} />
      <select
        id={id}
        name={id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, help, error)}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {placeholder !== undefined ? <option value="" selected={value === ''}>{placeholder}</option> : null}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      <HelpAndError {...props} />
    </div>
  );
}

/** A group of radio buttons or checkboxes in a fieldset, each option with its own help text. */
export function ChoiceGroup(
  props: Common & {
    kind: 'radio' | 'checkbox';
    options: { value: string; label: string; help?: string }[];
    isChecked: (v: string) => boolean;
    onToggle: (v: string, checked: boolean) => void;
    children?: ComponentChildren;
  },
) {
  const { id, label, kind, options, isChecked, onToggle, required, error, help } = props;
  return (
    <fieldset id={id} class="choices" aria-describedby={describedBy(id, help, error)} aria-invalid={error ? true : undefined}>
      <legend>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      <HelpAndError {...props} />
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <div class="choice">
            <input
              type={kind}
              id={optionId}
              name={id}
              value={o.value}
              checked={isChecked(o.value)}
              aria-describedby={o.help ? `${optionId}-help` : undefined}
              onChange={(e) => onToggle(o.value, (e.currentTarget as HTMLInputElement).checked)}
            />
            <label for={optionId}>{o.label}</label>
            {o.help ? (
              <p class="help" id={`${optionId}-help`}>
                {o.help}
              </p>
            ) : null}
          </div>
        );
      })}
      {props.children}
    </fieldset>
  );
}
