import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  normalizeLoginResult,
  sandboxDisplayName,
  sandboxEmail,
  sandboxProfile,
  sandboxSubject,
} from '../../../electron/core/sandbox/sandbox-accounts.ts';

describe('Sandbox accounts', () => {
  it('the subject is the trimmed, lower-cased login with whitespace collapsed', () => {
    assert.equal(sandboxSubject('ada'), 'ada');
    assert.equal(sandboxSubject('  Ada  Lovelace '), 'ada lovelace');
    assert.equal(sandboxSubject('ADA'), 'ada');
    assert.equal(sandboxSubject('   '), undefined);
  });

  it('the name is capitalised nicely', () => {
    assert.equal(sandboxDisplayName('ada'), 'Ada');
    assert.equal(sandboxDisplayName(' ada lovelace '), 'Ada Lovelace');
    assert.equal(sandboxDisplayName("grace-hopper o'neil"), "Grace-Hopper O'Neil");
    assert.equal(sandboxDisplayName('zoë'), 'Zoë');
  });

  it('the email is a valid address in the sandbox domain', () => {
    assert.equal(sandboxEmail('ada'), 'ada@sandbox.oauthdesk.test');
    assert.equal(sandboxEmail('ada lovelace'), 'ada.lovelace@sandbox.oauthdesk.test');
    assert.equal(sandboxEmail('ada@example.com'), 'ada.example.com@sandbox.oauthdesk.test');
    assert.equal(sandboxEmail('ë'), 'user@sandbox.oauthdesk.test');
  });

  it('a profile has sub, name, email and email_verified', () => {
    assert.deepEqual(sandboxProfile('ada'), {
      sub: 'ada', name: 'Ada', email: 'ada@sandbox.oauthdesk.test', email_verified: true,
    });
    assert.equal(sandboxProfile(' '), undefined);
  });

  it('login results get the normalized subject as account id; a blank login is denied', () => {
    assert.deepEqual(normalizeLoginResult({ login: { accountId: ' Ada ' } }), { login: { accountId: 'ada' } });
    assert.deepEqual(normalizeLoginResult({ consent: {} } as { login?: { accountId: string }; consent: object }), { consent: {} });
    assert.deepEqual(normalizeLoginResult({ login: { accountId: '  ' } }), {
      error: 'access_denied', error_description: 'No login name was entered.',
    });
  });
});
