import type { InspectorTarget } from '../../../electron/shared/flow-types.ts';
import type { DisconnectResult } from '../../../electron/shared/view-types.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** The outcome of a Disconnect made on a card, shown until the next sign-in or Dismiss. */
export interface Disconnected {
  readonly accountLabel: string;
  readonly result: DisconnectResult;
}

export interface DisconnectOutcomeProps {
  readonly providerId: string;
  readonly providerName: string;
  readonly disconnected: Disconnected;
  readonly onDismiss: () => void;
  readonly onInspect?: (target: InspectorTarget) => void;
}

/**
 * What came of a Disconnect: revoked at the provider, or only deleted here (with why, and what to
 * do), and "Show disconnect steps", which opens the revocation requests in the flow inspector. The
 * status announcer already says "Not connected"; a warning adds that access may remain.
 */
export function DisconnectOutcome({ providerId, providerName, disconnected, onDismiss, onInspect }: DisconnectOutcomeProps) {
  const { accountLabel, result } = disconnected;
  const showSteps = onInspect ? (
    <div className="actions">
      <button type="button" className="button button-small" data-inspect-disconnect={providerId} onClick={() => onInspect({ kind: 'disconnect', providerId })}>
        Show disconnect steps
      </button>
    </div>
  ) : null;
  if (result.revocationError) {
    return (
      <div className="disconnect-outcome">
        <ErrorNotice
          error={result.revocationError}
          tone="warning"
          title={`Disconnected here, but ${providerName} did not confirm that access was revoked.`}
          onDismiss={onDismiss}
        />
        {showSteps}
      </div>
    );
  }
  return (
    <div className="disconnect-outcome">
      <div className="disconnect-note">
        <p>
          {result.revoked
            ? `Disconnected ${accountLabel}: ${providerName} confirmed that the app's access was revoked.`
            : `Disconnected ${accountLabel}: its tokens were deleted from this computer.`}
        </p>
        <button type="button" className="button-quiet notice-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {showSteps}
    </div>
  );
}
