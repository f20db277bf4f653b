import type { ProfileData, ProfileFact, ProfileMetric } from '../../../electron/shared/view-types.ts';
import { formatFact, formatMetric } from '../format/profile-facts.ts';
import { Avatar } from './Avatar.tsx';
import { DataPanel } from './DataPanel.tsx';
import type { DataPanelProps } from './DataPanel.tsx';
import '../styles/panels.css';

interface Props extends DataPanelProps<ProfileData> {
  /** The panel's heading and the region's name, e.g. "Profile". */
  readonly title: string;
}

export function ProfilePanel(props: Props) {
  return (
    <DataPanel {...props} errorTitle="Could not load the profile">
      {(profile) => <ProfileBody profile={profile} />}
    </DataPanel>
  );
}

function ProfileBody({ profile }: { readonly profile: ProfileData }) {
  return (
    <div className="profile-body">
      <div className="profile">
        <Avatar pictureUrl={profile.pictureUrl} name={profile.name} email={profile.email} subject={profile.subject} />
        <div className="profile-identity">
          <p className="profile-name">{profile.name ?? <span className="muted">Name not shared</span>}</p>
          {profile.username ? <p className="profile-username">{`@${profile.username}`}</p> : null}
          <p className="profile-email">{profile.email ?? <span className="muted">Email not shared</span>}</p>
        </div>
      </div>
      {profile.description ? <p className="profile-description">{profile.description}</p> : null}
      {profile.metrics.length > 0 ? <ProfileMetrics metrics={profile.metrics} /> : null}
      <dl className="profile-facts">
        {profile.facts.map((fact, index) => (
          // Labels are not promised to be unique; the list is replaced as a whole.
          <FactRow key={`${index}:${fact.label}`} fact={fact} />
        ))}
        <dt>Account ID</dt>
        <dd>
          <code className="wrap">{profile.subject}</code>
        </dd>
      </dl>
    </div>
  );
}

function FactRow({ fact }: { readonly fact: ProfileFact }) {
  const { text, dateTime } = formatFact(fact);
  return (
    <>
      <dt>{fact.label}</dt>
      <dd>{dateTime ? <time dateTime={dateTime}>{text}</time> : text}</dd>
    </>
  );
}

/** Public counts as label/number pairs; the number is shown first and larger. */
function ProfileMetrics({ metrics }: { readonly metrics: readonly ProfileMetric[] }) {
  return (
    <dl className="profile-metrics">
      {metrics.map((metric, index) => (
        <div key={`${index}:${metric.label}`} className="profile-metric">
          <dt>{metric.label}</dt>
          <dd>
            <data value={String(metric.value)}>{formatMetric(metric.value)}</data>
          </dd>
        </div>
      ))}
    </dl>
  );
}
