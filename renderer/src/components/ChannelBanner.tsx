import type { ChannelState } from '../bridge/api.ts';

/** Shown in the browser (web channel) when live updates stopped; never inside the desktop app. */
export function ChannelBanner({ state }: { readonly state: ChannelState }) {
  if (state === 'reconnecting') {
    return (
      <div className="banner banner-warning" role="status">
        Lost contact with OAuth Desk. Reconnecting… (check that <code>npm run web</code> is still running)
      </div>
    );
  }
  if (state === 'unauthorized') {
    return (
      <div className="banner banner-error" role="alert">
        This page’s access key was not accepted. Open the address that <code>npm run web</code> printed (it ends with
        #key=…); the key changes every time it starts.
      </div>
    );
  }
  return null;
}
