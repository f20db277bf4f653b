import { useEffect, useId, useState } from 'react';
import type { ConfigProblemView } from '../../../electron/shared/settings-types.ts';
import { useApi } from '../hooks/useApi.ts';
import '../styles/settings.css';

/**
 * Problems found in the configuration at start (the providers file, credential variables), read
 * once. The rest of the app works without what could not be loaded, so this is a region with a
 * heading, not an alert.
 */
export function ConfigProblems() {
  const api = useApi();
  const [problems, setProblems] = useState<readonly ConfigProblemView[]>([]);
  const [hidden, setHidden] = useState(false);

  useEffect(() => {
    let active = true;
    api.listConfigProblems().then(
      (found) => {
        if (active) setProblems(found);
      },
      // Not knowing about configuration problems must not get in the way: the providers still load.
      () => {},
    );
    return () => {
      active = false;
    };
  }, [api]);

  if (hidden) return null;
  return <ConfigProblemList problems={problems} onHide={() => setHidden(true)} />;
}

interface ListProps {
  readonly problems: readonly ConfigProblemView[];
  readonly onHide?: () => void;
}

/** The banner itself; nothing when there is no problem. */
export function ConfigProblemList({ problems, onHide }: ListProps) {
  const headingId = useId();
  if (problems.length === 0) return null;
  return (
    <section className="config-problems" aria-labelledby={headingId}>
      <div className="config-problems-header">
        <h2 id={headingId}>Some settings could not be loaded</h2>
        {onHide ? (
          <button type="button" className="button-quiet" onClick={onHide}>
            Hide
          </button>
        ) : null}
      </div>
      <p className="muted small">Everything else works normally. Each problem says what to change.</p>
      <ul className="config-problem-list">
        {problems.map((problem, index) => (
          <li key={`${problem.code}:${problem.providerId ?? ''}:${problem.field ?? ''}:${index}`} className="config-problem">
            <p className="config-problem-message">{problem.message}</p>
            {problem.hint ? <p className="notice-hint">{problem.hint}</p> : null}
            {problem.file ? (
              <p className="small">
                File: <code className="wrap">{problem.file}</code>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
