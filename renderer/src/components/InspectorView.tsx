import { useEffect, useRef, useState } from 'react';
import type { FlowTimelineView, InspectorTarget } from '../../../electron/shared/flow-types.ts';
import { stepKindLabel } from '../format/flow-values.ts';
import { useInspector } from '../hooks/useInspector.ts';
import '../styles/inspector.css';
import { InspectorTimeline } from './InspectorTimeline.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { LoadedPage } from './settings/LoadedPage.tsx';

interface Props {
  readonly target: InspectorTarget;
  /** The provider's display name (from the provider list). */
  readonly providerName: string;
  /** The connection's account; null for a provider's latest sign-in or disconnect. */
  readonly accountLabel: string | null;
  /** The connection is no longer in the list (it was disconnected while the page was open). */
  readonly gone?: boolean;
  readonly onBack: () => void;
}

/**
 * The flow inspector page: every protocol step of one connection (or of a provider's latest
 * sign-in, or the revocation requests of its latest disconnect), kept current while it is open,
 * with Export JSON.
 */
export function InspectorView({ target, providerName, accountLabel, gone = false, onBack }: Props) {
  const { timeline, error, reload } = useInspector(target);
  const announcement = useNewStepAnnouncement(timeline);
  const title = inspectorTitle(target, providerName, accountLabel);

  return (
    <LoadedPage
      className="inspector-page"
      title={title}
      loading={timeline === null && error === null}
      error={error}
      errorTitle="Could not load the steps"
      onBack={onBack}
      onRetry={reload}
    >
      {gone ? (
        <p className="inspector-gone" role="note">
          This connection was disconnected, so its steps were cleared. Go back to connect it again.
        </p>
      ) : null}
      {timeline ? <InspectorTimeline timeline={timeline} providerName={providerName} accountLabel={accountLabel} /> : null}
      <LiveRegion message={announcement} />
    </LoadedPage>
  );
}

function inspectorTitle(target: InspectorTarget, providerName: string, accountLabel: string | null): string {
  if (target.kind === 'disconnect') return `Flow inspector: the latest disconnect of ${providerName}`;
  if (target.kind === 'sign-in' || accountLabel === null) return `Flow inspector: the latest sign-in to ${providerName}`;
  return `Flow inspector: ${accountLabel} at ${providerName}`;
}

/** "New step: Refresh" when steps arrive while the page is open (not for the first load). */
function useNewStepAnnouncement(timeline: FlowTimelineView | null): string {
  const [message, setMessage] = useState('');
  const lastSeen = useRef<{ readonly newest: number; readonly count: number } | null>(null);
  useEffect(() => {
    if (timeline === null) return;
    const newest = timeline.steps.reduce((max, step) => Math.max(max, step.id), -1);
    const before = lastSeen.current;
    lastSeen.current = { newest, count: timeline.steps.length };
    if (before === null) return;
    const added = timeline.steps.filter((step) => step.id > before.newest);
    if (added.length === 1) setMessage(`New step: ${stepKindLabel(added[0]!.kind)}, ${added[0]!.title}.`);
    else if (added.length > 1) setMessage(`${added.length} new steps.`);
    else if (timeline.steps.length === 0 && before.count > 0) setMessage('The steps were cleared.');
  }, [timeline]);
  return message;
}
