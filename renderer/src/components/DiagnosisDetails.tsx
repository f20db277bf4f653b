import { useId, useState } from 'react';
import type { Diagnosis, DiagnosisAction } from '../../../electron/shared/diagnosis.ts';
import { errorInfoOf } from '../bridge/error-info.ts';
import { safeLinkUrl } from '../format/urls.ts';
import '../styles/diagnosis.css';
import { DiagnosisFacts } from './DiagnosisFacts.tsx';

/**
 * What the card can do for a diagnosis' next step. An action without a handler here is not offered
 * as a button (the fix steps still say what to do).
 */
export interface DiagnosisActions {
  /** Sign in again the way the failed sign-in did (also offered for `retry` of a sign-in). */
  readonly connect?: () => void;
  /** The connect button's text when "Connect again" would not say what it does, e.g. "Re-authorize again". */
  readonly connectLabel?: string;
  /** Sign in again for this connection. */
  readonly reauthorize?: () => void;
  /** Open the provider's Settings page. */
  readonly settings?: () => void;
  /** Switch the provider's sign-in mode to the system browser. */
  readonly useSystemBrowser?: () => Promise<unknown>;
  /** Try the same thing again (a refresh, a data reload). */
  readonly retry?: () => void;
  /** Something runs already (a sign-in): the buttons wait. */
  readonly busy?: boolean;
}

const LABELS: Partial<Record<DiagnosisAction, string>> = {
  connect: 'Connect again',
  reauthorize: 'Sign in again',
  settings: 'Open Settings to fix it',
  'use-system-browser': 'Use the system browser',
  retry: 'Try again',
};

interface Props {
  readonly diagnosis: Diagnosis;
  readonly actions?: DiagnosisActions;
}

/**
 * The error doctor's reading of a failure: what happened, the likely cause, how to fix it (steps in
 * order), the facts that make the fix exact, where at the provider, and the next step as a button
 * when the card can take it. Everything is rendered as text.
 */
export function DiagnosisDetails({ diagnosis, actions = {} }: Props) {
  const fixId = useId();
  const link = diagnosis.link ? safeLinkUrl(diagnosis.link.url) : null;
  return (
    <div className="diagnosis" data-diagnosis={diagnosis.id}>
      <div className="diagnosis-part">
        <p className="diagnosis-term">What happened</p>
        <p>{diagnosis.happened}</p>
      </div>
      <div className="diagnosis-part">
        <p className="diagnosis-term">Likely cause</p>
        <p>{diagnosis.cause}</p>
      </div>
      <div className="diagnosis-part">
        <p className="diagnosis-term" id={fixId}>
          How to fix it
        </p>
        <ol className="diagnosis-fix" aria-labelledby={fixId}>
          {diagnosis.fix.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      </div>
      <DiagnosisFacts facts={diagnosis.facts} />
      {diagnosis.link && link ? (
        <p className="diagnosis-link">
          <a href={link} target="_blank" rel="noreferrer">
            {diagnosis.link.label}
          </a>
          <span className="visually-hidden"> (opens in your browser)</span>
        </p>
      ) : null}
      <DiagnosisActionButton action={diagnosis.action} actions={actions} />
    </div>
  );
}

function handlerOf(action: DiagnosisAction, actions: DiagnosisActions): (() => unknown) | undefined {
  switch (action) {
    case 'connect':
      return actions.connect;
    case 'reauthorize':
      return actions.reauthorize;
    case 'settings':
      return actions.settings;
    case 'use-system-browser':
      return actions.useSystemBrowser;
    case 'retry':
      return actions.retry ?? actions.connect;
    default:
      return undefined;
  }
}

/** The diagnosis' next step as a button, and what came of it (switching to the system browser says so). */
function DiagnosisActionButton({ action, actions }: { readonly action: DiagnosisAction; readonly actions: DiagnosisActions }) {
  const [outcome, setOutcome] = useState<{ readonly ok: boolean; readonly message: string } | null>(null);
  const [running, setRunning] = useState(false);
  const handler = handlerOf(action, actions);
  const connectLabel = actions.connectLabel ?? LABELS.connect;
  const label = action === 'connect' ? connectLabel : LABELS[action];
  if (handler === undefined || label === undefined) return null;

  const run = (): void => {
    setOutcome(null);
    const result = handler();
    if (action !== 'use-system-browser' || !(result instanceof Promise)) return;
    setRunning(true);
    result.then(
      () => setOutcome({ ok: true, message: `Sign-in now opens in your system browser. Click ${connectLabel} to sign in.` }),
      (reason: unknown) => {
        const error = errorInfoOf(reason);
        setOutcome({ ok: false, message: `Could not switch to the system browser: ${error.message} ${error.hint}` });
      },
    ).finally(() => setRunning(false));
  };

  const switched = action === 'use-system-browser' && outcome?.ok === true;
  return (
    <div className="diagnosis-action">
      {switched && actions.connect ? (
        <button type="button" className="button button-small" disabled={actions.busy === true} onClick={actions.connect}>
          {connectLabel}
        </button>
      ) : (
        <button type="button" className="button button-small" disabled={actions.busy === true || running} onClick={run}>
          {label}
        </button>
      )}
      <p className={outcome?.ok === false ? 'diagnosis-outcome diagnosis-outcome-failed' : 'diagnosis-outcome'} role="status">
        {outcome?.message ?? ''}
      </p>
    </div>
  );
}
