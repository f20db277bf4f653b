/**
 * The desktop side of app links: the link found in a launch's arguments (Windows, Linux), the
 * registration arguments, and the intake that queues links until the core is ready, focuses the
 * window and reports refusals with code, message and hint only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemeDeliveryError } from '../../electron/core/scheme/scheme-redirect-router.ts';
import type { ErrorInfo } from '../../electron/shared/error-info.ts';
import { createSchemeLinkIntake, protocolClientRegistration, schemeLinkFromArgv } from '../../electron/main/scheme-links.ts';
import { recordingLogger } from './fakes.ts';

const LINK = 'com.oauthdesk.app:/callback?code=the-code&state=the-state-value-long-enough';

test('the link is found among a second instance’s arguments (Windows and Linux hand it over that way)', () => {
  assert.equal(schemeLinkFromArgv(['C:\\Program Files\\OAuth Desk\\OAuth Desk.exe', '--allow-file-access-from-files', LINK]), LINK);
  assert.equal(schemeLinkFromArgv(['/opt/OAuth Desk/oauth-desk', LINK]), LINK);
  assert.equal(schemeLinkFromArgv(['/usr/bin/electron', '/home/me/oauth-desk', LINK]), LINK);
  // The scheme is matched without case here, so the parser can refuse capitals with its own message.
  assert.equal(schemeLinkFromArgv(['app', 'COM.OAUTHDESK.APP:/callback?state=x']), 'COM.OAUTHDESK.APP:/callback?state=x');
});

test('no link, lookalikes, and several links in one launch give no link', () => {
  assert.equal(schemeLinkFromArgv(['/opt/OAuth Desk/oauth-desk']), null);
  assert.equal(schemeLinkFromArgv(['app', 'com.oauthdesk.app.evil:/callback?state=x']), null);
  assert.equal(schemeLinkFromArgv(['app', 'http://127.0.0.1/callback?state=x']), null);
  assert.equal(schemeLinkFromArgv(['app', LINK, `${LINK}2`]), null, 'a crafted command line with two links');
  assert.equal(schemeLinkFromArgv(['app', 42, null, LINK]), LINK, 'non-strings are ignored');
  assert.equal(schemeLinkFromArgv('not an array' as unknown as string[]), null);
});

test('registration: only the installed app registers the scheme; a development run leaves the installed app’s registration alone', () => {
  assert.deepEqual(protocolClientRegistration({ isPackaged: true }), { scheme: 'com.oauthdesk.app' });
  assert.equal(protocolClientRegistration({ isPackaged: false }), null);
});

function intakeHarness() {
  const focused: number[] = [];
  const reports: ErrorInfo[] = [];
  const logger = recordingLogger();
  const intake = createSchemeLinkIntake({ focus: () => focused.push(1), report: (e) => void reports.push(e), logger, maxQueued: 2 });
  return { intake, focused, reports, logger };
}

test('links that arrive before the core is ready are queued (a bounded few) and delivered in order on start', () => {
  const h = intakeHarness();
  h.intake.receive(`${LINK}&n=1`);
  h.intake.receive(`${LINK}&n=2`);
  h.intake.receive(`${LINK}&n=3`);
  assert.equal(h.focused.length, 0, 'no window yet');
  const delivered: string[] = [];
  h.intake.start((link) => (delivered.push(link), 'received'));
  assert.deepEqual(delivered, [`${LINK}&n=1`, `${LINK}&n=2`], 'the third exceeded the queue');
  assert.equal(h.focused.length, 2, 'each delivered link brings the window forward');
  h.intake.receive(`${LINK}&n=4`);
  assert.deepEqual(delivered.at(-1), `${LINK}&n=4`, 'after start, delivered at once');
  assert.ok(h.logger.entries.some((e) => e.message.includes('dropped')));
});

test('single instance: a second launch without a link focuses the window; with a link it delivers it; the first launch does not focus', () => {
  const h = intakeHarness();
  const delivered: string[] = [];
  h.intake.start((link) => (delivered.push(link), 'received'));
  h.intake.launched(['/opt/OAuth Desk/oauth-desk']);
  assert.equal(h.focused.length, 1);
  h.intake.launched(['/opt/OAuth Desk/oauth-desk', LINK]);
  assert.equal(h.focused.length, 2);
  assert.deepEqual(delivered, [LINK]);
  h.intake.launched(['/opt/OAuth Desk/oauth-desk'], { focus: false });
  assert.equal(h.focused.length, 2, 'the app’s own start shows its window by itself');
  h.intake.launched(['/opt/OAuth Desk/oauth-desk', LINK, LINK]);
  assert.deepEqual(delivered, [LINK], 'two links in one launch: none delivered');
});

test('a refused link is reported to the person with code, message and hint; the log has the code only, never the link', () => {
  const h = intakeHarness();
  h.intake.start(() => {
    throw new SchemeDeliveryError('scheme_state_spent', 'This sign-in response was already used.', { hint: 'Click Connect to sign in again.' });
  });
  h.intake.receive(LINK);
  assert.deepEqual(h.reports, [{ code: 'scheme_state_spent', message: 'This sign-in response was already used.', hint: 'Click Connect to sign in again.' }]);
  const logged = JSON.stringify(h.logger.entries);
  assert.match(logged, /scheme_state_spent/);
  assert.ok(!logged.includes('the-code') && !logged.includes('the-state-value'), 'no code or state in the log (S29)');
});

test('an unexpected failure while delivering is reported as a generic error, not its message', () => {
  const h = intakeHarness();
  h.intake.start(() => {
    throw new Error(`boom ${LINK}`);
  });
  h.intake.receive(LINK);
  assert.equal(h.reports[0]?.code, 'unexpected');
  assert.ok(!JSON.stringify(h.reports).includes('the-code'));
});

test('a page firing refused links gets one dialog at a time; the rest are only logged, and the window is not pulled forward for them', async () => {
  const focused: number[] = [];
  const reports: ErrorInfo[] = [];
  const logger = recordingLogger();
  let dismiss: () => void = () => {};
  const intake = createSchemeLinkIntake({
    focus: () => focused.push(1),
    report: (e) => {
      reports.push(e);
      return new Promise<void>((resolve) => (dismiss = resolve));
    },
    logger,
  });
  intake.start(() => {
    throw new SchemeDeliveryError('scheme_state_unknown', 'This sign-in response does not belong to any sign-in OAuth Desk started.', { hint: 'Ignore it.' });
  });
  for (let i = 0; i < 5; i++) intake.receive(`${LINK}&n=${i}`);
  assert.equal(reports.length, 1, 'one dialog open');
  assert.equal(focused.length, 1, 'focused once, for the dialog');
  assert.equal(logger.entries.filter((e) => e.message === 'refused an app link').length, 5, 'every refusal is logged by code');
  dismiss();
  await new Promise((r) => setImmediate(r));
  intake.receive(LINK);
  assert.equal(reports.length, 2, 'after it was dismissed, the next refusal is shown');
});
