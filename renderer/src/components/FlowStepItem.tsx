import { useId, useState } from 'react';
import { curlCommand } from '../../../electron/shared/flow-curl.ts';
import type { FlowStep } from '../../../electron/shared/flow-types.ts';
import { formatDateTime, formatTime, isoOf } from '../format/dates.ts';
import { curlPlaceholders, formatDurationMs, stepKindLabel, stepStatusText } from '../format/flow-values.ts';
import { CopyButton } from './settings/CopyButton.tsx';
import { FlowStepDetails } from './FlowStepDetails.tsx';

interface Props {
  readonly step: FlowStep;
  /** Its position in the timeline, from 1. */
  readonly position: number;
  /** Start with the details shown. */
  readonly initiallyExpanded?: boolean;
}

/**
 * One step of the timeline: what kind, its title, when, how long, and whether it worked (in words
 * and a symbol, not by colour alone); "Show details" discloses the request and response; "Copy as
 * curl" puts it on the clipboard as a curl command whose secrets are shell variables.
 */
export function FlowStepItem({ step, position, initiallyExpanded = false }: Props) {
  const [expanded, setExpanded] = useState(initiallyExpanded);
  const titleId = useId();
  const detailsId = useId();
  const curlNoteId = useId();
  const failed = step.outcome === 'failed';
  const command = curlCommand(step);
  const placeholders = curlPlaceholders(step);

  return (
    <li className={failed ? 'flow-step flow-step-failed' : 'flow-step'} data-step-kind={step.kind} aria-labelledby={titleId}>
      <div className="flow-step-header">
        <span className="flow-step-number" aria-hidden="true">
          {position}
        </span>
        <div className="flow-step-heading">
          <span className="flow-kind">{stepKindLabel(step.kind)}</span>
          <h3 id={titleId} className="flow-step-title">
            {step.title}
          </h3>
        </div>
        <p className={failed ? 'flow-status flow-status-failed' : 'flow-status flow-status-ok'}>
          <span aria-hidden="true">{failed ? '✕ ' : '✓ '}</span>
          {failed ? 'Failed: ' : 'OK: '}
          {stepStatusText(step)}
        </p>
      </div>
      <p className="flow-step-meta">
        <time dateTime={isoOf(step.at)} title={formatDateTime(step.at) ?? undefined}>
          {formatTime(step.at)}
        </time>
        {step.durationMs !== null ? <span className="flow-duration"> · took {formatDurationMs(step.durationMs)}</span> : null}
      </p>
      <div className="flow-step-actions">
        <button type="button" className="button button-small" aria-expanded={expanded} aria-controls={detailsId} aria-describedby={titleId} onClick={() => setExpanded((open) => !open)}>
          {expanded ? 'Hide details' : 'Show details'}
        </button>
        <span className="flow-curl">
          <CopyButton
            text={command}
            label="Copy as curl"
            describedBy={placeholders.length > 0 ? `${titleId} ${curlNoteId}` : titleId}
            fallback="Show details lists the same request, and Export JSON saves every step."
          />
          {placeholders.length > 0 ? (
            <span className="flow-curl-label" id={curlNoteId}>
              Secrets replaced by{' '}
              {placeholders.map((p, i) => (
                <span key={p}>
                  {i > 0 ? ', ' : ''}
                  <code>{p}</code>
                </span>
              ))}
            </span>
          ) : null}
        </span>
      </div>
      {expanded ? <FlowStepDetails step={step} id={detailsId} /> : <div id={detailsId} hidden />}
    </li>
  );
}
