import type { ReactNode, Ref } from 'react';
import type { FieldProblem } from '../../../../electron/shared/settings-types.ts';
import type { CustomProviderFormState } from '../../format/custom-provider-form.ts';
import { problemsFor } from '../../format/custom-provider-form.ts';

/** What a field hands its control: the id its label points at, and its description and validity. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: true;
}

interface FieldProps {
  /** The control's id (the label's htmlFor). */
  readonly id: string;
  readonly label: ReactNode;
  /** Shown under the control and read as its description. */
  readonly hint?: ReactNode;
  readonly problems?: readonly FieldProblem[];
  readonly children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled control with its problems right under it: the control gets aria-invalid and is
 * described by the problems (first) and the hint.
 */
export function Field({ id, label, hint, problems = [], children }: FieldProps) {
  const problemsId = problems.length > 0 ? `${id}-problems` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [problemsId, hintId].filter((part) => part !== undefined).join(' ');
  return (
    <div className={problems.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({
        id,
        ...(describedBy === '' ? {} : { 'aria-describedby': describedBy }),
        ...(problems.length > 0 ? { 'aria-invalid': true as const } : {}),
      })}
      {problemsId ? <FieldProblemList id={problemsId} problems={problems} /> : null}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** Problems as text: what is wrong, then what to do. */
export function FieldProblemList({ id, problems }: { readonly id?: string; readonly problems: readonly FieldProblem[] }) {
  return (
    <ul id={id} className="field-problems">
      {problems.map((problem, index) => (
        <li key={index}>
          <span className="field-problem-message">{problem.message}</span> {problem.hint ? <span className="field-problem-hint">{problem.hint}</span> : null}
        </li>
      ))}
    </ul>
  );
}

interface SummaryProps {
  /** Every problem of the last attempt (for the count). */
  readonly problems: readonly FieldProblem[];
  /** The ones no input shows (the whole form's, or a hidden field's): listed here. */
  readonly unplaced: readonly FieldProblem[];
  readonly title: string;
  readonly summaryRef?: Ref<HTMLDivElement>;
}

/** Above the form after a refused save: how many problems, and those that belong to no shown field. */
export function FormProblemSummary({ problems, unplaced, title, summaryRef }: SummaryProps) {
  if (problems.length === 0) return null;
  const placed = problems.length - unplaced.length;
  return (
    <div ref={summaryRef} tabIndex={-1} role="alert" className="notice notice-error form-problems">
      <div className="notice-body">
        <p className="notice-title">{title}</p>
        {unplaced.length > 0 ? <FieldProblemList problems={unplaced} /> : null}
        {placed > 0 ? (
          <p className="notice-hint">
            {placed === 1 ? 'One problem is marked below, next to its field.' : `${placed} problems are marked below, next to their fields.`}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** What every section of the custom provider form receives. */
export interface FormSectionProps {
  /** Unique per form (useId), so two forms on a page never share ids. */
  readonly idPrefix: string;
  readonly state: CustomProviderFormState;
  readonly problems: readonly FieldProblem[];
  readonly onChange: (patch: Partial<CustomProviderFormState>) => void;
}

/** The state's free-text inputs (the others are radios and selects). */
export type TextFieldName = Exclude<keyof CustomProviderFormState, 'endpointMode' | 'clientAuthMethod' | 'pkce' | 'authMode'>;

interface TextFieldProps extends FormSectionProps {
  readonly field: TextFieldName;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly type?: 'text' | 'url' | 'number';
  readonly placeholder?: string;
  readonly required?: boolean;
  /** A textarea of this many rows instead of a one-line input. */
  readonly rows?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A labelled text input (or textarea) bound to one field of the form state, its problems under it. */
export function FormTextField({ idPrefix, state, problems, onChange, field, label, hint, type = 'text', placeholder, required, rows, min, max }: TextFieldProps) {
  const common = {
    name: field,
    value: state[field],
    placeholder,
    required,
    spellCheck: false,
    autoComplete: 'off',
  };
  return (
    <Field id={`${idPrefix}-${field}`} label={label} hint={hint} problems={problemsFor(problems, field)}>
      {(control) =>
        rows === undefined ? (
          <input {...control} {...common} type={type} min={min} max={max} className="input" onChange={(e) => onChange({ [field]: e.target.value })} />
        ) : (
          <textarea {...control} {...common} rows={rows} className="input" onChange={(e) => onChange({ [field]: e.target.value })} />
        )
      }
    </Field>
  );
}
