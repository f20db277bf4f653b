import { Fragment, useId } from 'react';
import type { DiagnosisFact } from '../../../electron/shared/diagnosis.ts';
import { formatClock, formatDateTime, isoOf } from '../format/dates.ts';
import { formatRelativeTime } from '../format/relative-time.ts';
import { useNow } from '../hooks/useNow.ts';
import { CopyButton } from './settings/CopyButton.tsx';

/** The facts that make a fix exact, as label: value; times in local time and relative; Copy where useful. */
export function DiagnosisFacts({ facts }: { readonly facts: readonly DiagnosisFact[] }) {
  if (facts.length === 0) return null;
  return (
    <dl className="diagnosis-facts">
      {facts.map((fact, index) => (
        <Fragment key={`${index}:${fact.label}`}>
          <dt>{fact.label}</dt>
          <dd>
            <FactValue fact={fact} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function FactValue({ fact }: { readonly fact: DiagnosisFact }) {
  const valueId = useId();
  const value = fact.kind === 'time' ? <FactTime value={fact.value} /> : <span className="diagnosis-fact-text">{fact.value}</span>;
  if (!fact.copyable) return value;
  return (
    <span className="diagnosis-fact-copy">
      <code id={valueId} className="diagnosis-fact-code">
        {fact.value}
      </code>
      <CopyButton text={fact.value} accessibleLabel={`Copy ${lowerFirst(fact.label)}`} describedBy={valueId} fallback={`Select the ${lowerFirst(fact.label)} and copy it yourself.`} />
    </span>
  );
}

/** "Redirect URI to register" → "redirect URI to register" (an acronym such as "URL" stays as it is). */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** "10:42 (in 3 min)", kept current by the shared clock; the raw value when it is not a time. */
function FactTime({ value }: { readonly value: string }) {
  const now = useNow();
  const at = Date.parse(value);
  if (Number.isNaN(at)) return <span className="diagnosis-fact-text">{value}</span>;
  return (
    <span className="diagnosis-fact-text">
      <time dateTime={isoOf(at)} title={formatDateTime(at) ?? undefined}>
        {formatClock(at, now)}
      </time>{' '}
      ({formatRelativeTime(at, now)})
    </span>
  );
}
