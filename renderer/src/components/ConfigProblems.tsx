import { useEffect, useId, useState } from 'react';
import type { ConfigProblemView } from '../../../electron/shared/settings-types.ts';
import { useApi } from '../hooks/useApi.ts';
import '../styles/settings.css';

/**
 * Problems found at start, read once: in the configuration (the providers file, credential
 * variables), and in the app's own saved data (a data file moved aside, records kept but not used:
 * S21, S22). The rest of the app works without what could not be loaded, so each kind is a region
 * with a heading, not an alert.
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

/** The banners: saved data first (it explains a signed-out start), then configuration; nothing when there is no problem. */
export function ConfigProblemList({ problems, onHide }: ListProps) {
  const savedData = problems.filter((problem) => problem.area === 'saved-data');
  const configuration = problems.filter((problem) => problem.area !== 'saved-data');
  return (
    <>
      <ProblemSection
        problems={savedData}
        className="config-problems saved-data-problems"
        title="Some saved data could not be read"
        intro="OAuth Desk started anyway, and nothing was deleted. Each problem says where the old data is and what to do."
        fileLabel="Kept at"
        onHide={onHide}
      />
      <ProblemSection
        problems={configuration}
        className="config-problems"
        title="Some settings could not be loaded"
        intro="Everything else works normally. Each problem says what to change."
        fileLabel="File"
        onHide={onHide}
      />
    </>
  );
}

interface SectionProps extends ListProps {
  readonly className: string;
  readonly title: string;
  readonly intro: string;
  readonly fileLabel: string;
}

function ProblemSection({ problems, onHide, className, title, intro, fileLabel }: SectionProps) {
  const headingId = useId();
  if (problems.length === 0) return null;
  return (
    <section className={className} aria-labelledby={headingId}>
      <div className="config-problems-header">
        <h2 id={headingId}>{title}</h2>
        {onHide ? (
          <button type="button" className="button-quiet" onClick={onHide}>
            Hide
          </button>
        ) : null}
      </div>
      <p className="muted small">{intro}</p>
      <ul className="config-problem-list">
        {problems.map((problem, index) => (
          <li key={`${problem.code}:${problem.providerId ?? ''}:${problem.field ?? ''}:${index}`} className="config-problem">
            <p className="config-problem-message">{problem.message}</p>
            {problem.hint ? <p className="notice-hint">{problem.hint}</p> : null}
            {problem.file ? (
              <p className="small">
                {fileLabel}: <code className="wrap">{problem.file}</code>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
