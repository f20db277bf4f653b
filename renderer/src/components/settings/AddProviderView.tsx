import '../../styles/settings.css';
import { CustomProviderForm } from './CustomProviderForm.tsx';
import { Page } from './LoadedPage.tsx';

interface Props {
  readonly onSaved: (providerId: string) => void;
  readonly onCancel: () => void;
}

/** The page for adding a custom OAuth 2.0 / OpenID Connect provider. */
export function AddProviderView({ onSaved, onCancel }: Props) {
  return (
    <Page className="add-provider-page" title="Add a custom provider" onBack={onCancel}>
      <p className="muted">
        Any OAuth 2.0 or OpenID Connect provider: register OAuth Desk as a desktop (native) app at the provider first, then enter what its
        developer console shows. The client secret is stored encrypted.
      </p>
      <CustomProviderForm submitLabel="Add provider" onSaved={onSaved} onCancel={onCancel} />
    </Page>
  );
}
