import type { ProfileData } from '../../../electron/shared/view-types.ts';
import { Avatar } from './Avatar.tsx';
import { DataPanel } from './DataPanel.tsx';
import type { DataPanelProps } from './DataPanel.tsx';

export function ProfilePanel(props: DataPanelProps<ProfileData>) {
  return (
    <DataPanel {...props} title="Profile" errorTitle="Could not load the profile">
      {(profile) => <ProfileBody profile={profile} />}
    </DataPanel>
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
