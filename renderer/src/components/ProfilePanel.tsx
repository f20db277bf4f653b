import { useId } from 'react';
import type { ErrorInfo, Result } from '../../../electron/shared/error-info.ts';
import type { ProfileData } from '../../../electron/shared/view-types.ts';
import { Avatar } from './Avatar.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

interface Props {
  readonly loading: boolean;
  /** Undefined while nothing was fetched yet. */
  readonly result: Result<ProfileData> | undefined;
  /** The whole fetch failed. */
  readonly callError: ErrorInfo | null;
}

export function ProfilePanel({ loading, result, callError }: Props) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={loading}>
      <div className="panel-header">
        <h3 id={headingId}>Profile</h3>
        {loading ? <span className="loading">Loading…</span> : null}
      </div>
      {callError ? <ErrorNotice error={callError} title="Could not load the profile" /> : null}
      {result && !result.ok ? <ErrorNotice error={result.error} title="Could not load the profile" /> : null}
      {result && result.ok ? <ProfileBody profile={result.value} /> : null}
    </section>
  );
}

function ProfileBody({ profile }: { readonly profile: ProfileData }) {
  return (
    <div className="profile">
      <Avatar pictureUrl={profile.pictureUrl} name={profile.name} email={profile.email} subject={profile.subject} />
      <dl className="profile-facts">
        <dt>Name</dt>
        <dd>{profile.name ?? <span className="muted">Not shared</span>}</dd>
        <dt>Email</dt>
        <dd>{profile.email ?? <span className="muted">Not shared</span>}</dd>
        <dt>Account ID</dt>
        <dd>
          <code className="wrap">{profile.subject}</code>
        </dd>
      </dl>
    </div>
  );
}
