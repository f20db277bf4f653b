import { compareScopes } from '../format/scopes.ts';

interface Props {
  readonly requested: readonly string[];
  readonly granted: readonly string[];
}

/**
 * Requested scopes, each declined one marked "not granted" in words (not by colour alone), then any
 * scope granted without being asked for. As `<dt>`/`<dd>` pairs for the connection's facts list.
 */
export function ScopeList({ requested, granted }: Props) {
  if (requested.length === 0) {
    return (
      <>
        <dt>Granted scopes</dt>
        <dd>{granted.length > 0 ? <Scopes label="Granted scopes" scopes={granted} /> : <span className="muted">None reported</span>}</dd>
      </>
    );
  }
  const comparison = compareScopes(requested, granted);
  const total = comparison.requested.length;
  return (
    <>
      <dt>Scopes</dt>
      <dd className="scope-details">
        <p className={comparison.declined > 0 ? 'scope-summary scope-summary-partial' : 'scope-summary'}>
          {comparison.declined === 0
            ? `All ${total} requested ${total === 1 ? 'scope' : 'scopes'} granted`
            : `${total - comparison.declined} of ${total} requested scopes granted`}
        </p>
        <ul className="scopes" aria-label="Requested scopes">
          {comparison.requested.map(({ scope, granted: isGranted }) => (
            <li key={scope} className={isGranted ? 'scope' : 'scope scope-declined'}>
              <code>{scope}</code>
              {isGranted ? null : <span className="scope-note">not granted</span>}
            </li>
          ))}
        </ul>
        {comparison.extra.length > 0 ? (
          <>
            <p className="scope-summary">Also granted, though not requested:</p>
            <Scopes label="Granted without being requested" scopes={comparison.extra} />
          </>
        ) : null}
      </dd>
    </>
  );
}

function Scopes({ label, scopes }: { readonly label: string; readonly scopes: readonly string[] }) {
  return (
    <ul className="scopes" aria-label={label}>
      {scopes.map((scope) => (
        <li key={scope} className="scope">
          <code>{scope}</code>
        </li>
      ))}
    </ul>
  );
}
