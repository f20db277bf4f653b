import type { FlowTimelineView } from '../../../electron/shared/flow-types.ts';
import { stepCount } from '../format/flow-values.ts';
import { FlowTimeline } from './FlowTimeline.tsx';
import { InspectorExportButton } from './InspectorExportButton.tsx';

interface Props {
  readonly timeline: FlowTimelineView;
  readonly providerName: string;
  readonly accountLabel: string | null;
}

/**
 * A loaded timeline: whose it is, how many steps (and how many older ones were dropped), Export
 * JSON, then the steps, or what to do when there are none yet.
 */
export function InspectorTimeline({ timeline, providerName, accountLabel }: Props) {
  const empty = timeline.steps.length === 0;
  const disconnect = timeline.target.kind === 'disconnect';
  return (
    <>
      <div className="inspector-summary">
        <div className="inspector-summary-text">
          <p>
            <strong>{providerName}</strong>
            {disconnect ? <> · latest disconnect</> : accountLabel !== null ? <> · {accountLabel}</> : <> · latest sign-in</>}
          </p>
          <p className="muted">
            {stepCount(timeline.steps.length)}, oldest first. Secrets show only their first characters and length.
          </p>
          {timeline.dropped > 0 ? (
            <p className="inspector-dropped">
              {timeline.dropped === 1 ? '1 older step dropped' : `${timeline.dropped} older steps dropped`}: the app keeps the latest {timeline.capacity}.
            </p>
          ) : null}
        </div>
        {empty ? null : <InspectorExportButton timeline={timeline} providerName={providerName} accountLabel={accountLabel} />}
      </div>
      {empty && disconnect ? (
        <p className="inspector-empty">
          No revocation requests were recorded for the latest disconnect of {providerName}. They appear here when the provider offers token revocation; the tokens on this computer were deleted either way.
        </p>
      ) : empty ? (
        <p className="inspector-empty">
          No steps yet: Connect, Refresh or Reload data to see them here.
        </p>
      ) : (
        <FlowTimeline steps={timeline.steps} firstPosition={timeline.dropped + 1} />
      )}
    </>
  );
}
