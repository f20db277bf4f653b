import { useId } from 'react';
import type { AuthMode } from '../../../electron/shared/view-types.ts';
import { busyProps } from './busy.ts';

const LABELS: Record<AuthMode, { label: string; detail: string }> = {
  'system-browser': { label: 'System browser', detail: 'Your usual browser, with its saved sign-ins. Recommended.' },
  'app-window': { label: 'In-app window', detail: 'A separate sign-in window inside OAuth Desk.' },
  'custom-scheme': {
    label: 'System browser, app link',
    detail: 'Your browser hands the sign-in back through the com.oauthdesk.app:/callback link instead of a local port. Register that address at the provider.',
  },
};

interface Props {
  readonly value: AuthMode;
  readonly options: readonly AuthMode[];
  readonly disabled: boolean;
  /**
   * The choice is being saved: the group is marked busy and says so, and ignores other choices
   * meanwhile; the radio buttons stay focusable (disabling them would drop keyboard focus).
   */
  readonly busy?: boolean;
  readonly onChange: (mode: AuthMode) => void;
}

/** Radio buttons named exactly "System browser" / "In-app window" / "System browser, app link"; the explanation is their description. */
export function AuthModeChooser({ value, options, disabled, busy = false, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="auth-mode" disabled={disabled} aria-busy={busy}>
      <legend>Sign in with</legend>
      <div className="auth-mode-options">
        {options.map((mode) => (
          <div key={mode} className="auth-mode-option">
            <input
              id={`${id}-${mode}`}
              type="radio"
              name={id}
              value={mode}
              checked={value === mode}
              aria-describedby={`${id}-${mode}-detail`}
              {...busyProps(busy)}
              onChange={() => {
                if (!busy) onChange(mode);
              }}
            />
            <label htmlFor={`${id}-${mode}`} className="auth-mode-label">
              {LABELS[mode].label}
            </label>
            <span id={`${id}-${mode}-detail`} className="auth-mode-detail">
              {LABELS[mode].detail}
            </span>
          </div>
        ))}
      </div>
      <p className="auth-mode-status" role="status">
        {busy ? 'Saving…' : ''}
      </p>
    </fieldset>
  );
}
