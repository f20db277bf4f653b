import { usePageHeading } from '../../hooks/useView.ts';
import '../../styles/settings.css';
import { CustomProviderForm } from './CustomProviderForm.tsx';

interface Props {
  readonly onSaved: (providerId: string) => void;
  readonly onCancel: () => void;
}

/** The page for adding a custom OAuth 2.0 / OpenID Connect provider. */
export function AddProviderView({ onSaved, onCancel }: Props) {
  const headingRef = usePageHeading<HTMLHeadingElement>();
  return (
    <div className="page add-provider-page">
      <div className="page-nav">
        <button type="button" className="button-quiet page-back" onClick={onCancel}>
          <span aria-hidden="true">← </span>Back to providers
        </button>
      </div>
      <h2 ref={headingRef} tabIndex={-1} className="page-title">
        Add a custom provider
      </h2>
      <p className="muted">
        Any OAuth 2.0 or OpenID Connect provider: register OAuth Desk as a desktop (native) app at the provider first, then enter what its
        developer console shows. The client secret is stored encrypted.
      </p>
      <CustomProviderForm submitLabel="Add provider" onSaved={onSaved} onCancel={onCancel} />
    </div>
  );
}
