import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHtmlEntities } from '../../../electron/core/text/html-entities.ts';

test('decodes the named and numeric entities Gmail uses in snippets', () => {
  assert.equal(decodeHtmlEntities('Hi Ada, the Q2 numbers &amp; notes'), 'Hi Ada, the Q2 numbers & notes');
  assert.equal(decodeHtmlEntities('it&#39;s &quot;done&quot; &lt;b&gt;'), 'it\'s "done" <b>');
  assert.equal(decodeHtmlEntities('&#x1F600; &hellip;'), '😀 …');
});

test('leaves unknown or invalid entities as they are and decodes only once', () => {
  assert.equal(decodeHtmlEntities('&bogus; &#0; &#xD800; & alone'), '&bogus; &#0; &#xD800; & alone');
  assert.equal(decodeHtmlEntities('&amp;lt;'), '&lt;');
});
