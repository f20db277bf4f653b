/**
 * The flow inspector as static HTML: masked secrets never show more than their preview (S29), the
 * timeline lists steps in order with their status (in words, not colour alone) and duration, a
 * step's details show its request and response, and the page's summary, empty state and dropped
 * notice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowStep, FlowTimelineView, MaskedValue as Masked } from '../../../electron/shared/flow-types.ts';
import type { JsonValue } from '../../../electron/shared/view-types.ts';
import { curlCommand } from '../../../electron/shared/flow-curl.ts';
import { formatTime } from '../../../renderer/src/format/dates.ts';
import { curlPlaceholders, formatDurationMs, inspectorTargetKey, jsonPieces, maskedDescription, sameTarget } from '../../../renderer/src/format/flow-values.ts';
import { buttonTag, hasClass, renderToHtml, visibleText as text } from '../../helpers/render-component.ts';

// After render-component.ts has installed the .tsx hook.
const { MaskedValue } = await import('../../../renderer/src/components/MaskedValue.tsx');
const { FlowTimeline } = await import('../../../renderer/src/components/FlowTimeline.tsx');
const { FlowStepItem } = await import('../../../renderer/src/components/FlowStepItem.tsx');
const { FlowBody } = await import('../../../renderer/src/components/FlowBody.tsx');
const { InspectorTimeline } = await import('../../../renderer/src/components/InspectorTimeline.tsx');
const { InspectorView } = await import('../../../renderer/src/components/InspectorView.tsx');


const masked = (secret: Masked['secret'], preview: string, length: number): Masked => ({ masked: true, secret, preview, length });
/** A masked value as it sits inside a JSON body. */
const inJson = (value: Masked): JsonValue => ({ ...value });

const AT = Date.UTC(2026, 10, 21, 9, 30, 5);

function step(over: Partial<FlowStep> & Pick<FlowStep, 'id' | 'kind' | 'title'>): FlowStep {
  return {
    at: AT + over.id * 1000,
    durationMs: null,
    request: { method: 'GET', url: 'https://login.example/authorize', query: [], headers: [], form: [] },
    response: null,
    outcome: 'ok',
    error: null,
    ...over,
  };
}

const authorization = step({
  id: 11,
  kind: 'authorization-request',
  title: 'Authorization request',
  request: {
    method: 'GET',
    url: 'https://login.example/authorize',
    query: [
      { name: 'response_type', value: 'code' },
      { name: 'client_id', value: 'desk' },
      { name: 'state', value: masked('state', 'Qz9k', 43) },
    ],
    headers: [],
    form: [],
  },
});

const tokenRequest = step({
  id: 12,
  kind: 'token-request',
  title: 'Token request',
  durationMs: 120,
  request: {
    method: 'POST',
    url: 'https://login.example/token',
    query: [],
    headers: [{ name: 'content-type', value: 'application/x-www-form-urlencoded' }],
    form: [
      { name: 'grant_type', value: 'authorization_code' },
      { name: 'code', value: masked('code', 'SplxlO', 30) },
      { name: 'code_verifier', value: masked('code_verifier', 'dBjf', 43) },
    ],
  },
  response: {
    status: 200,
    headers: [{ name: 'content-type', value: 'application/json' }],
    body: { kind: 'json', value: { access_token: inJson(masked('access_token', 'eyJh', 812)), token_type: 'Bearer', expires_in: 3600 }, truncated: false },
  },
});

const failedCall = step({
  id: 13,
  kind: 'api-call',
  title: 'GET /v1/mail',
  durationMs: 2345,
  request: { method: 'GET', url: 'https://api.example/v1/mail', query: [], headers: [{ name: 'authorization', value: masked('access_token', 'eyJh', 812) }], form: [] },
  response: { status: 429, headers: [{ name: 'retry-after', value: '120' }], body: { kind: 'text', text: 'slow down <b>please</b>', truncated: true } },
  outcome: 'failed',
  error: { code: 'rate_limited', message: 'The provider limits how often the app may ask.' },
});

// --- Masked values (S29) ------------------------------------------------------------------------

test('S29 a masked value shows its first characters, its length and its kind, visibly marked as masked', () => {
  const html = renderToHtml(MaskedValue, { value: masked('access_token', 'eyJh', 812) });
  assert.match(html, /<code class="masked-preview">eyJh…<\/code>/);
  assert.match(html, /class="masked-badge">masked</);
  assert.match(text(html), /812 characters · access token/);
  assert.match(html, /<span class="visually-hidden">access token, masked, first characters eyJh, 812 characters<\/span>/);
  // The visual form is hidden from screen readers, which hear the sentence instead.
  assert.match(html, /<span aria-hidden="true" class="masked-visual">/);
});

test('S29 a masked value never shows more than 4 characters, even when more arrive', () => {
  const html = renderToHtml(MaskedValue, { value: masked('refresh_token', 'abcdefghij', 64) });
  assert.ok(!html.includes('abcde'), html);
  assert.match(html, /abcd…/);
  assert.equal(maskedDescription(masked('refresh_token', 'abcdefghij', 64)), 'refresh token, masked, first characters abcd, 64 characters');
});

test('S29 a short secret shows no characters at all, only that it is masked and its length', () => {
  const value = masked('client_secret', '', 6);
  const html = renderToHtml(MaskedValue, { value });
  assert.match(html, /<code class="masked-preview">…<\/code>/);
  assert.equal(maskedDescription(value), 'client secret, masked, 6 characters');
});

// --- The timeline ---------------------------------------------------------------------------------

test('the timeline lists the steps oldest first, each with its kind, title, local time, status and duration', () => {
  const html = renderToHtml(FlowTimeline, { steps: [authorization, tokenRequest, failedCall] });
  assert.match(html, /^<ol class="flow-timeline" start="1">/);
  const items = [...html.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map((m) => text(m[1] ?? ''));
  assert.equal(items.length, 3);
  assert.match(items[0]!, /^1 Authorization request Authorization request ✓ OK: Sent to the browser/);
  assert.match(items[1]!, /^2 Token request Token request ✓ OK: HTTP 200 OK/);
  assert.match(items[1]!, new RegExp(`${formatTime(tokenRequest.at)} · took 120 ms`));
  assert.match(items[2]!, /^3 API call GET \/v1\/mail ✕ Failed: HTTP 429 Too Many Requests/);
  assert.match(items[2]!, /took 2\.3 s/);
  assert.doesNotMatch(items[0]!, /took/, 'the browser’s step has no duration');
  assert.match(html, new RegExp(`<time dateTime="${new Date(authorization.at).toISOString()}"`));
});

test('a failed step is marked in words and by its dashed edge, not by colour alone', () => {
  const html = renderToHtml(FlowStepItem, { step: failedCall, position: 1 });
  const item = /<li\b[^>]*>/.exec(html)?.[0] ?? '';
  assert.ok(hasClass(item, 'flow-step-failed'));
  assert.match(html, /<p class="flow-status flow-status-failed"><span aria-hidden="true">✕ <\/span>Failed: HTTP 429 Too Many Requests<\/p>/);
  const ok = renderToHtml(FlowStepItem, { step: tokenRequest, position: 2 });
  assert.match(ok, /<p class="flow-status flow-status-ok"><span aria-hidden="true">✓ <\/span>OK: HTTP 200 OK<\/p>/);
});

test('after dropped steps the numbering goes on from where the kept steps start', () => {
  const html = renderToHtml(FlowTimeline, { steps: [tokenRequest], firstPosition: 8 });
  assert.match(html, /^<ol class="flow-timeline" start="8">/);
  assert.match(html, /class="flow-step-number" aria-hidden="true">8</);
});

test('a step’s details are behind a real disclosure button, closed at first', () => {
  const html = renderToHtml(FlowStepItem, { step: tokenRequest, position: 1 });
  const tag = buttonTag(html, 'Show details');
  assert.match(tag, /aria-expanded="false"/);
  const controls = /aria-controls="([^"]+)"/.exec(tag)?.[1];
  assert.ok(controls && html.includes(`id="${controls}" hidden=""`), 'it controls the hidden details');
  assert.doesNotMatch(text(html), /grant_type/);
});

test('opened, a step shows its request (method, URL, query, headers, form as tables) and response (status, headers, pretty JSON)', () => {
  const html = renderToHtml(FlowStepItem, { step: tokenRequest, position: 1, initiallyExpanded: true });
  assert.match(buttonTag(html, 'Hide details'), /aria-expanded="true"/);
  const shown = text(html);
  assert.match(shown, /Request POST https:\/\/login\.example\/token/);
  assert.match(shown, /Headers Name Value content-type application\/x-www-form-urlencoded/);
  assert.match(shown, /Form Name Value grant_type authorization_code code .*code_verifier/);
  assert.match(html, /<caption>Form<\/caption>/);
  assert.match(html, /<th scope="row"><code>grant_type<\/code><\/th>/);
  assert.match(shown, /Response Status 200 OK/);
  assert.match(shown, /"token_type": "Bearer",/);
  assert.match(shown, /"expires_in": 3600/);
  // The masked access token in the body is shown as a masked value, not as its object form.
  assert.match(html, /&quot;access_token&quot;: <span class="masked-value">/);
  assert.doesNotMatch(shown, /"masked": true/);
  assert.match(shown, /access token, masked, first characters eyJh, 812 characters/);
  assert.match(shown, /authorization code, masked, first characters Splx, 30 characters/);
  assert.ok(!shown.includes('SplxlO'), 'S29 no more than 4 characters of the code');
});

test('a failed step shows the app’s error code and message, and a text body as text', () => {
  const html = renderToHtml(FlowStepItem, { step: failedCall, position: 1, initiallyExpanded: true });
  const shown = text(html);
  assert.match(shown, /Error rate_limited : The provider limits how often the app may ask\./);
  assert.match(shown, /retry-after 120/);
  assert.match(html, /slow down &lt;b&gt;please&lt;\/b&gt;/, 'markup in a body is shown as text');
  assert.match(shown, /Only the beginning of the body was kept\./);
});

test('the browser’s steps say why they have no response', () => {
  const shown = text(renderToHtml(FlowStepItem, { step: authorization, position: 1, initiallyExpanded: true }));
  assert.match(shown, /Query parameters Name Value response_type code client_id desk state/);
  assert.match(shown, /The browser sent this request, not the app/);
});

test('Copy as curl: each step offers a copy, and says which shell variables stand for its secrets', () => {
  const html = renderToHtml(FlowStepItem, { step: tokenRequest, position: 1 });
  const copy = buttonTag(html, 'Copy as curl');
  const [title, note] = (/aria-describedby="([^"]+)"/.exec(copy)?.[1] ?? '').split(' ');
  assert.ok(title && note, 'described by the step’s title and the note');
  assert.match(html, new RegExp(`<h3 id="${title}" class="flow-step-title">Token request</h3>`));
  const noteText = text(new RegExp(`<span class="flow-curl-label" id="${note}">([\\s\\S]*?)</span></span>`).exec(html)?.[1] ?? '');
  assert.equal(noteText, 'Secrets replaced by $CODE , $CODE_VERIFIER');
  assert.doesNotMatch(html, />Copy</, 'no bare “Copy” that does not say what it copies');
  assert.deepEqual(curlPlaceholders(failedCall), ['$ACCESS_TOKEN']);
  // The placeholders named are those the copied command uses.
  for (const name of curlPlaceholders(tokenRequest)) assert.ok(curlCommand(tokenRequest).includes(`"${name}"`), name);
  const plain = renderToHtml(FlowStepItem, { step: step({ id: 20, kind: 'api-call', title: 'GET /open' }), position: 1 });
  assert.doesNotMatch(text(plain), /Secrets replaced/, 'no secrets, no note about them');
  assert.match(buttonTag(plain, 'Copy as curl'), /aria-describedby="[^" ]+"/, 'described by its title alone');
});

test('bodies: none, JSON laid out like JSON.stringify with two spaces, masked values as their own pieces', () => {
  assert.match(renderToHtml(FlowBody, { body: { kind: 'empty' } }), /No body\./);
  const value = { a: [1, { b: null }], c: 'x', d: [], e: {} };
  assert.deepEqual(jsonPieces(value), [{ kind: 'text', text: JSON.stringify(value, null, 2) }]);
  const secret = masked('id_token', 'eyJ0', 900);
  assert.deepEqual(jsonPieces({ id_token: inJson(secret), n: 1 }), [
    { kind: 'text', text: '{\n  "id_token": ' },
    { kind: 'masked', value: secret },
    { kind: 'text', text: ',\n  "n": 1\n}' },
  ]);
  const html = renderToHtml(FlowBody, { body: { kind: 'json', value: [inJson(secret)], truncated: false } });
  assert.match(html, /^<div class="flow-body"><pre class="flow-pre"><code>\[\n  <span class="masked-value">/);
  assert.doesNotMatch(html, /Only the beginning/);
});

test('durations read as ms, tenths of seconds, seconds and minutes', () => {
  assert.equal(formatDurationMs(0), '0 ms');
  assert.equal(formatDurationMs(999), '999 ms');
  assert.equal(formatDurationMs(1000), '1.0 s');
  assert.equal(formatDurationMs(9_999), '9.9 s');
  assert.equal(formatDurationMs(12_400), '12 s');
  assert.equal(formatDurationMs(60_000), '1 min');
  assert.equal(formatDurationMs(125_000), '2 min 5 s');
});

test('an inspector change names one timeline: a connection’s, a provider’s sign-in or its latest disconnect', () => {
  assert.equal(sameTarget({ kind: 'connection', connectionId: 'c1' }, { kind: 'connection', connectionId: 'c1' }), true);
  assert.equal(sameTarget({ kind: 'connection', connectionId: 'c1' }, { kind: 'connection', connectionId: 'c2' }), false);
  assert.equal(sameTarget({ kind: 'sign-in', providerId: 'sandbox' }, { kind: 'sign-in', providerId: 'sandbox' }), true);
  assert.equal(sameTarget({ kind: 'sign-in', providerId: 'c1' }, { kind: 'connection', connectionId: 'c1' }), false);
  assert.equal(sameTarget({ kind: 'disconnect', providerId: 'sandbox' }, { kind: 'disconnect', providerId: 'sandbox' }), true);
  assert.equal(sameTarget({ kind: 'disconnect', providerId: 'sandbox' }, { kind: 'sign-in', providerId: 'sandbox' }), false);
  assert.equal(sameTarget({ kind: 'disconnect', providerId: 'sandbox' }, { kind: 'disconnect', providerId: 'acme' }), false);
  assert.notEqual(inspectorTargetKey({ kind: 'disconnect', providerId: 'sandbox' }), inspectorTargetKey({ kind: 'sign-in', providerId: 'sandbox' }), 'the page remounts for another timeline');
});

// --- The page -------------------------------------------------------------------------------------

const timeline = (over: Partial<FlowTimelineView> = {}): FlowTimelineView => ({
  target: { kind: 'connection', connectionId: 'c1' },
  steps: [authorization, tokenRequest, failedCall],
  dropped: 0,
  capacity: 100,
  ...over,
});

test('the inspector names the provider and account, counts the steps and offers Export JSON', () => {
  const html = renderToHtml(InspectorTimeline, { timeline: timeline(), providerName: 'Sandbox', accountLabel: 'ada@sandbox.oauthdesk.test' });
  const shown = text(html);
  assert.match(shown, /^Sandbox · ada@sandbox\.oauthdesk\.test 3 steps, oldest first\./);
  assert.ok(buttonTag(html, 'Export JSON'));
  assert.doesNotMatch(shown, /dropped/);
  assert.equal([...html.matchAll(/<li\b/g)].length, 3);
});

test('the inspector says how many older steps were dropped', () => {
  const html = renderToHtml(InspectorTimeline, { timeline: timeline({ steps: [failedCall], dropped: 7, capacity: 1 }), providerName: 'Sandbox', accountLabel: 'ada' });
  assert.match(text(html), /1 step, oldest first\. .* 7 older steps dropped: the app keeps the latest 1\./);
  assert.match(html, /<ol class="flow-timeline" start="8">/);
  assert.match(text(renderToHtml(InspectorTimeline, { timeline: timeline({ dropped: 1 }), providerName: 'S', accountLabel: null })), /1 older step dropped/);
});

test('with no steps yet the inspector says what to do, and has nothing to export', () => {
  const html = renderToHtml(InspectorTimeline, { timeline: timeline({ target: { kind: 'sign-in', providerId: 'sandbox' }, steps: [] }), providerName: 'Sandbox', accountLabel: null });
  const shown = text(html);
  assert.match(shown, /Sandbox · latest sign-in 0 steps/);
  assert.match(shown, /No steps yet: Connect, Refresh or Reload data to see them here\./);
  assert.doesNotMatch(html, /Export JSON|<ol/);
});

test('the inspector page opens with Back to providers, its heading (focusable) and Loading…', () => {
  const html = renderToHtml(InspectorView, { target: { kind: 'connection', connectionId: 'c1' }, providerName: 'Sandbox', accountLabel: 'ada', onBack: () => {} });
  assert.ok(buttonTag(html, '← Back to providers'));
  assert.match(html, /<div class="page inspector-page" aria-busy="true">/);
  assert.match(html, /<h2 tabindex="-1" class="page-title">Flow inspector: ada at Sandbox<\/h2>/);
  assert.match(text(html), /Loading…/);
  const signIn = renderToHtml(InspectorView, { target: { kind: 'sign-in', providerId: 'sandbox' }, providerName: 'Sandbox', accountLabel: null, onBack: () => {} });
  assert.match(signIn, /Flow inspector: the latest sign-in to Sandbox/);
  const gone = renderToHtml(InspectorView, { target: { kind: 'connection', connectionId: 'c1' }, providerName: 'Sandbox', accountLabel: 'ada', gone: true, onBack: () => {} });
  assert.match(text(gone), /This connection was disconnected, so its steps were cleared\./);
  const disconnect = renderToHtml(InspectorView, { target: { kind: 'disconnect', providerId: 'sandbox' }, providerName: 'Sandbox', accountLabel: null, onBack: () => {} });
  assert.match(disconnect, /<h2 tabindex="-1" class="page-title">Flow inspector: the latest disconnect of Sandbox<\/h2>/);
});

test('a disconnect’s timeline is named as such; with no revocation request it says why there may be none', () => {
  const revocation = step({ id: 30, kind: 'revocation', title: 'Revoke refresh token', request: { method: 'POST', url: 'https://login.example/revoke', query: [], headers: [], form: [] } });
  const target = { kind: 'disconnect', providerId: 'sandbox' } as const;
  const shown = text(renderToHtml(InspectorTimeline, { timeline: timeline({ target, steps: [revocation] }), providerName: 'Sandbox', accountLabel: null }));
  assert.match(shown, /^Sandbox · latest disconnect 1 step, oldest first\./);
  assert.match(shown, /Revocation Revoke refresh token/);
  const empty = renderToHtml(InspectorTimeline, { timeline: timeline({ target, steps: [] }), providerName: 'Sandbox', accountLabel: null });
  assert.match(text(empty), /No revocation requests were recorded for the latest disconnect of Sandbox\. .*the tokens on this computer were deleted either way\./);
  assert.doesNotMatch(text(empty), /Connect, Refresh or Reload data/);
});
