/**
 * The error doctor's diagnosis on an error notice, as static HTML: what happened, the likely cause
 * and the fix in order, the facts (times in local time and relative, Copy for exact values), the
 * provider's console link and the next step as a button where the card can take it. Without a
 * diagnosis the notice is exactly what it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnosis } from '../../../electron/shared/diagnosis.ts';
import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { formatClock } from '../../../renderer/src/format/dates.ts';
import { buttonTag, isDisabled, renderToHtml, visibleText as text } from '../../helpers/render-component.ts';
import { connectionView, providerView } from '../../helpers/views.ts';

const { ErrorNotice } = await import('../../../renderer/src/components/ErrorNotice.tsx');
const { ProviderCard } = await import('../../../renderer/src/components/ProviderCard.tsx');
const { ConnectionItem } = await import('../../../renderer/src/components/ConnectionItem.tsx');
const { DisconnectOutcome } = await import('../../../renderer/src/components/DisconnectOutcome.tsx');


const hasButton = (html: string, label: string): boolean => {
  try {
    buttonTag(html, label);
    return true;
  } catch {
    return false;
  }
};

const REDIRECT = 'http://127.0.0.1:53682/callback';

const notRegistered: Diagnosis = {
  id: 'redirect_uri_not_registered',
  happened: 'Acme refused the sign-in before showing its login page.',
  cause: 'The redirect URI the app sent is not registered for this client at Acme.',
  fix: ['Open the Acme developer console.', 'Add the redirect URI below exactly as shown.', 'Click Connect again.'],
  facts: [
    { label: 'Redirect URI to register', value: REDIRECT, kind: 'text', copyable: true },
    { label: 'Client ID', value: 'desk', kind: 'text', copyable: false },
  ],
  link: { label: 'Acme developer console', url: 'https://console.acme.example/apps' },
  action: 'settings',
};

const ERROR: ErrorInfo = { code: 'redirect_uri_mismatch', message: 'Acme did not accept the redirect URI.', hint: 'Register the redirect URI at Acme.' };

/** The notice's live region (role alert or status) and the element it names as its description. */
function liveParts(html: string): { role: string; live: string; details: string } {
  const open = /<div class="notice-summary" role="(alert|status)" aria-describedby="([^"]+)">/.exec(html);
  assert.ok(open, `a live region in ${html}`);
  const live = html.slice(open.index + open[0].length, html.indexOf('</div>', open.index));
  const detailsAt = html.indexOf(`<div class="notice-details" id="${open[2]}">`);
  assert.ok(detailsAt > open.index, 'the details follow the live region, outside it');
  return { role: open[1]!, live, details: html.slice(detailsAt) };
}

test('without a diagnosis an error notice shows title, message, hint and code; only title and message are announced', () => {
  const html = renderToHtml(ErrorNotice, { error: ERROR, title: 'The last sign-in did not complete' });
  assert.match(html, /^<div class="notice notice-error">/);
  const { role, live, details } = liveParts(html);
  assert.equal(role, 'alert');
  assert.equal(live, '<p class="notice-title">The last sign-in did not complete</p><p class="notice-message">Acme did not accept the redirect URI.</p>');
  assert.equal(text(details), 'Register the redirect URI at Acme. Code: redirect_uri_mismatch');
  const warning = renderToHtml(ErrorNotice, { error: ERROR, tone: 'warning', onDismiss: () => {}, actions: { connect: () => {} } });
  assert.equal(liveParts(warning).role, 'status', 'a warning is polite');
  assert.equal(liveParts(warning).live, '<p class="notice-message">Acme did not accept the redirect URI.</p>');
  assert.match(warning, /<button type="button" class="button-quiet notice-dismiss">Dismiss<\/button><\/div>$/);
});

test('a diagnosis is outside the live region, so a failure is one short announcement: no fix list, facts, Copy or nested status in it', () => {
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: notRegistered }, title: 'The last sign-in did not complete', actions: { settings: () => {} } });
  const { live, details } = liveParts(html);
  assert.equal(text(live), 'The last sign-in did not complete Acme did not accept the redirect URI.');
  assert.doesNotMatch(live, /diagnosis|role=|<button/);
  assert.match(details, /class="diagnosis"/, 'the diagnosis is the live region’s description');
  assert.match(text(details), /What happened .* Open Settings to fix it/);
});

test('a notice the status announcer already speaks is shown but not announced again', () => {
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: notRegistered }, title: 'The last sign-in did not complete', announce: false });
  assert.match(html, /^<div class="notice notice-error"><div class="notice-body"><div class="notice-summary">/);
  // Only the Copy button's own (empty) status line remains.
  assert.deepEqual([...html.matchAll(/role="(alert|status)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]), [['status', '']]);
  assert.match(text(html), /^The last sign-in did not complete Acme did not accept the redirect URI\. Register the redirect URI at Acme\. Code: redirect_uri_mismatch What happened/);
});

test('a diagnosis adds what happened, the likely cause and the fix as ordered steps, and keeps message, hint and code', () => {
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: notRegistered }, title: 'The last sign-in did not complete' });
  const shown = text(html);
  assert.match(shown, /^The last sign-in did not complete Acme did not accept the redirect URI\. Register the redirect URI at Acme\. Code: redirect_uri_mismatch/);
  assert.match(shown, /What happened Acme refused the sign-in before showing its login page\. Likely cause The redirect URI the app sent is not registered for this client at Acme\. How to fix it/);
  const fix = /<ol class="diagnosis-fix"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  assert.deepEqual([...fix.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]), notRegistered.fix);
  assert.match(html, /data-diagnosis="redirect_uri_not_registered"/);
});

test('the facts are label: value; the exact redirect URI has a Copy button that names and describes it', () => {
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: notRegistered } });
  const facts = /<dl class="diagnosis-facts">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  assert.deepEqual([...facts.matchAll(/<dt>([^<]*)<\/dt>/g)].map((m) => m[1]), ['Redirect URI to register', 'Client ID']);
  const uriId = new RegExp(`<code id="([^"]+)" class="diagnosis-fact-code">${REDIRECT.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}</code>`).exec(facts)?.[1];
  assert.ok(uriId, 'the URI is shown whole, as code');
  const copies = [...facts.matchAll(/<button[^>]*>Copy<\/button>/g)].map((m) => m[0]);
  assert.equal(copies.length, 1, 'only the copyable fact has a Copy button');
  assert.match(copies[0]!, new RegExp(`aria-describedby="${uriId}"`));
  assert.match(copies[0]!, /aria-label="Copy redirect URI to register"/, 'its name starts with what it shows');
  assert.match(text(facts), /Client ID desk/);
});

test('a time fact is shown in local time and relative to now', () => {
  const resetsAt = Date.now() + 3 * 60_000 + 30_000;
  const diagnosis: Diagnosis = {
    ...notRegistered,
    id: 'rate_limited',
    facts: [{ label: 'Resets at', value: new Date(resetsAt).toISOString(), kind: 'time', copyable: false }],
    link: null,
    action: 'wait',
  };
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis } });
  assert.match(text(html), new RegExp(`Resets at ${formatClock(resetsAt, Date.now()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(in 3 min\\)`));
  assert.match(html, new RegExp(`<time dateTime="${new Date(resetsAt).toISOString()}"`));
  assert.doesNotMatch(html, /class="diagnosis-action"/, 'waiting is not a button');
  // A value that is not a time is shown as it came.
  const odd = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: { ...diagnosis, facts: [{ label: 'Resets at', value: 'soon', kind: 'time', copyable: false }] } } });
  assert.match(text(odd), /Resets at soon/);
});

test('the provider’s console opens in the system browser through an ordinary external link; other schemes are not links', () => {
  const html = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: notRegistered } });
  assert.match(html, /<a href="https:\/\/console\.acme\.example\/apps" target="_blank" rel="noreferrer">Acme developer console<\/a><span class="visually-hidden"> \(opens in your browser\)<\/span>/);
  const unsafe = renderToHtml(ErrorNotice, { error: { ...ERROR, diagnosis: { ...notRegistered, link: { label: 'Console', url: 'javascript:alert(1)' } } } });
  assert.doesNotMatch(unsafe, /<a\b|javascript:/);
});

test('the next step is a button only where the card can take it', () => {
  const error = (action: Diagnosis['action']): ErrorInfo => ({ ...ERROR, diagnosis: { ...notRegistered, action } });
  const all = { connect: () => {}, reauthorize: () => {}, settings: () => {}, useSystemBrowser: () => Promise.resolve(), retry: () => {} };
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('settings'), actions: all }), 'Open Settings to fix it'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('connect'), actions: all }), 'Connect again'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('reauthorize'), actions: all }), 'Sign in again'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('use-system-browser'), actions: all }), 'Use the system browser'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('retry'), actions: all }), 'Try again'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: error('retry'), actions: { connect: () => {} } }), 'Try again'), 'a sign-in is retried by connecting');
  const nextStep = /class="diagnosis-action"/;
  for (const action of ['wait', 'none'] as const) assert.doesNotMatch(renderToHtml(ErrorNotice, { error: error(action), actions: all }), nextStep, action);
  // Nothing offered where the notice has no handler for it (e.g. a data panel's error).
  assert.doesNotMatch(renderToHtml(ErrorNotice, { error: error('settings') }), nextStep);
  assert.doesNotMatch(renderToHtml(ErrorNotice, { error: error('reauthorize'), actions: { connect: () => {} } }), nextStep);
  assert.ok(isDisabled(buttonTag(renderToHtml(ErrorNotice, { error: error('connect'), actions: { connect: () => {}, busy: true } }), 'Connect again')), 'waits while a sign-in runs');
});

test('a card whose last sign-in failed shows the diagnosis with its next step and “Show sign-in steps”', () => {
  const lastError: ErrorInfo = { ...ERROR, diagnosis: { ...notRegistered, action: 'use-system-browser' } };
  const html = renderToHtml(ProviderCard, { provider: providerView({ lastError, availableAuthModes: ['system-browser', 'app-window'], authMode: 'app-window' }), onOpenSettings: () => {}, onInspect: () => {} });
  assert.match(text(html), /What happened Acme refused the sign-in/);
  assert.ok(hasButton(html, 'Use the system browser'));
  assert.match(buttonTag(html, 'Show sign-in steps'), /data-inspect-sign-in="sandbox"/);
  // The status announcer speaks the failure ("Sandbox: The sign-in did not complete. …"): the card's notice is not a live region too.
  assert.doesNotMatch(html, /role="alert"/);
  assert.match(html, /<div class="notice-summary"><p class="notice-title">The last sign-in did not complete<\/p>/);
  const healthy = renderToHtml(ProviderCard, { provider: providerView({ connections: [connectionView()] }), onOpenSettings: () => {}, onInspect: () => {} });
  assert.equal(hasButton(healthy, 'Show sign-in steps'), false, 'only after a failed sign-in');
  assert.match(buttonTag(healthy, 'Inspect flow'), /data-inspect-connection="c1"/);
});

test('a connection that needs re-authorization offers the diagnosis’ Sign in again next to its reason', () => {
  const reason: ErrorInfo = {
    code: 'invalid_grant',
    message: 'Acme no longer accepts this connection’s refresh token.',
    hint: 'Re-authorize to keep using it.',
    diagnosis: { ...notRegistered, id: 'refresh_token_revoked', action: 'reauthorize', facts: [], link: null },
  };
  const html = renderToHtml(ConnectionItem, {
    connection: connectionView({ reauthorizationReason: reason }),
    showStatus: false,
    attemptRunning: false,
    reauthorizing: false,
    disconnecting: false,
    onReauthorize: () => {},
    onDisconnect: () => {},
    onInspect: () => {},
  });
  assert.ok(hasButton(html, 'Sign in again'));
  assert.ok(hasButton(html, 'Re-authorize'), 'the connection’s own button stays');
  assert.ok(hasButton(html, 'Inspect flow'));
});

test('the re-authorization warning and a failed refresh are shown but not announced: the status announcer says them', () => {
  const now = Date.now();
  const reason: ErrorInfo = { code: 'invalid_grant', message: 'Acme no longer accepts this connection’s refresh token.', hint: 'Re-authorize.' };
  const down: ErrorInfo = { code: 'network_error', message: 'Acme could not be reached.', hint: 'Check the network.' };
  const item = (connection: ReturnType<typeof connectionView>): string =>
    renderToHtml(ConnectionItem, {
      connection,
      showStatus: false,
      attemptRunning: false,
      reauthorizing: false,
      disconnecting: false,
      onReauthorize: () => {},
      onDisconnect: () => {},
    });
  const reauth = item(connectionView({ reauthorizationReason: reason, expiresAt: now + 3_600_000 }));
  assert.match(text(reauth), /Sign in again to keep using this connection Acme no longer accepts this connection’s refresh token\./);
  const failed = item(connectionView({ lastRefresh: { at: now - 60_000, error: down }, expiresAt: now + 3_600_000 }));
  assert.match(text(failed), /The last refresh failed Acme could not be reached\./);
  for (const html of [reauth, failed]) {
    assert.doesNotMatch(html, /role="alert"/);
    // The only status lines are the Refresh button's (empty until a Refresh asked for here succeeds).
    assert.deepEqual([...html.matchAll(/role="status"[^>]*>([^<]*)</g)].map((m) => m[1]), ['']);
  }
});

test('after a failed Re-authorize the doctor’s button says it re-authorizes again', () => {
  const error: ErrorInfo = { ...ERROR, diagnosis: { ...notRegistered, action: 'connect' } };
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error, actions: { connect: () => {}, connectLabel: 'Re-authorize again' } }), 'Re-authorize again'));
  assert.ok(hasButton(renderToHtml(ErrorNotice, { error: { ...error, diagnosis: { ...notRegistered, action: 'retry' } }, actions: { connect: () => {}, connectLabel: 'Re-authorize again' } }), 'Try again'));
});

test('after a Disconnect the card says what came of it and offers “Show disconnect steps” for its revocation requests', () => {
  const base = { providerId: 'sandbox', providerName: 'Sandbox', onDismiss: () => {}, onInspect: () => {} };
  const revoked = renderToHtml(DisconnectOutcome, { ...base, disconnected: { accountLabel: 'ada', result: { revoked: true, revocationError: null } } });
  assert.match(text(revoked), /^Disconnected ada: Sandbox confirmed that the app's access was revoked\. Dismiss Show disconnect steps$/);
  assert.match(buttonTag(revoked, 'Show disconnect steps'), /data-inspect-disconnect="sandbox"/);
  const refused: ErrorInfo = { code: 'revocation_failed', message: 'Sandbox answered the revocation request with 503.', hint: 'Remove the app’s access in your Sandbox account settings.' };
  const unconfirmed = renderToHtml(DisconnectOutcome, { ...base, disconnected: { accountLabel: 'ada', result: { revoked: false, revocationError: refused } } });
  assert.match(text(unconfirmed), /^Disconnected here, but Sandbox did not confirm that access was revoked\. Sandbox answered the revocation request with 503\. Remove the app’s access/);
  assert.match(unconfirmed, /role="status"/, 'that access may remain is news: said politely');
  assert.ok(hasButton(unconfirmed, 'Show disconnect steps'));
  const noInspector = renderToHtml(DisconnectOutcome, { ...base, onInspect: undefined, disconnected: { accountLabel: 'ada', result: { revoked: true, revocationError: null } } });
  assert.equal(hasButton(noInspector, 'Show disconnect steps'), false);
});
