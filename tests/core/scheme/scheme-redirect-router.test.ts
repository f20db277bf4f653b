/**
 * S6/S9: links through the app's scheme reach the sign-in whose state they carry, once. Unknown,
 * spent and ended states are refused with their own codes; nothing is delivered twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createState } from '../../../electron/core/oauth/state.ts';
import { REMEMBERED_STATES, SchemeDeliveryError, createSchemeRedirectRouter } from '../../../electron/core/scheme/scheme-redirect-router.ts';
import type { SchemeRedirectOutcome } from '../../../electron/core/scheme/scheme-redirect-router.ts';
import { SchemeUrlError } from '../../../electron/core/scheme/scheme-callback-url.ts';

const link = (state: string, extra = 'code=abc') => `com.oauthdesk.app:/callback?${extra}&state=${encodeURIComponent(state)}`;

function recorder(answer: SchemeRedirectOutcome = 'received') {
  const received: string[] = [];
  return { received, deliver: (url: string) => (received.push(url), answer) };
}

function deliveryCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SchemeDeliveryError || error instanceof SchemeUrlError) return error.code;
    throw error;
  }
  return 'delivered';
}

test('S9 a link reaches the sign-in with its state, exactly as received', () => {
  const router = createSchemeRedirectRouter();
  const a = recorder();
  const b = recorder();
  const stateA = createState();
  const stateB = createState();
  router.register(stateA, a.deliver);
  router.register(stateB, b.deliver);
  assert.equal(router.deliver(link(stateB)), 'received');
  assert.deepEqual(b.received, [link(stateB)]);
  assert.deepEqual(a.received, [], 'the other sign-in got nothing');
  assert.equal(router.pendingCount(), 1);
});

test('S9 the same link twice: delivered once, then scheme_state_spent', () => {
  const router = createSchemeRedirectRouter();
  const a = recorder();
  const state = createState();
  router.register(state, a.deliver);
  router.deliver(link(state));
  assert.equal(deliveryCode(() => router.deliver(link(state))), 'scheme_state_spent');
  assert.equal(a.received.length, 1);
});

test('S9 a provider error response spends the state too (failed)', () => {
  const router = createSchemeRedirectRouter();
  const state = createState();
  router.register(state, recorder('failed').deliver);
  assert.equal(router.deliver(link(state, 'error=access_denied')), 'failed');
  assert.equal(deliveryCode(() => router.deliver(link(state))), 'scheme_state_spent');
});

test('S6 a state never issued is scheme_state_unknown; a malformed link is refused before any lookup', () => {
  const router = createSchemeRedirectRouter();
  const a = recorder();
  const state = createState();
  router.register(state, a.deliver);
  assert.equal(deliveryCode(() => router.deliver(link(createState()))), 'scheme_state_unknown');
  assert.equal(deliveryCode(() => router.deliver(`com.oauthdesk.app://callback?code=a&state=${state}`)), 'scheme_url_authority');
  assert.equal(deliveryCode(() => router.deliver(`${link(state)}&state=${state}`)), 'callback_duplicate_parameter');
  assert.deepEqual(a.received, [], 'nothing reached the sign-in');
  assert.equal(router.deliver(link(state)), 'received', 'which still takes its genuine response');
});

test('a sign-in that ended (cancelled, timed out) refuses its late link as scheme_state_ended', () => {
  const router = createSchemeRedirectRouter();
  const a = recorder();
  const state = createState();
  const unregister = router.register(state, a.deliver);
  unregister();
  unregister(); // twice is harmless
  assert.equal(router.pendingCount(), 0);
  assert.equal(deliveryCode(() => router.deliver(link(state))), 'scheme_state_ended');
  assert.deepEqual(a.received, []);
});

test('a response the sign-in itself refuses keeps it waiting and is reported as scheme_response_rejected', () => {
  const router = createSchemeRedirectRouter();
  let answer: SchemeRedirectOutcome = 'invalid';
  const state = createState();
  router.register(state, () => answer);
  assert.equal(deliveryCode(() => router.deliver(link(state))), 'scheme_response_rejected');
  answer = 'received';
  assert.equal(router.deliver(link(state)), 'received');
});

test('states are short-lived secrets: too short ones and reuse are programming errors', () => {
  const router = createSchemeRedirectRouter();
  assert.throws(() => router.register('short', recorder().deliver), TypeError);
  const state = createState();
  router.register(state, recorder().deliver);
  assert.throws(() => router.register(state, recorder().deliver), TypeError);
});

test(`the record of finished states is bounded (${REMEMBERED_STATES}); the oldest become unknown`, () => {
  const router = createSchemeRedirectRouter();
  const first = createState();
  router.register(first, recorder().deliver)();
  for (let i = 0; i < REMEMBERED_STATES; i++) router.register(createState(), recorder().deliver)();
  assert.equal(deliveryCode(() => router.deliver(link(first))), 'scheme_state_unknown');
});
