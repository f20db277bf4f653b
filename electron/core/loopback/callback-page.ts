/**
 * The pages the loopback receiver serves. Static text only: nothing from the request is echoed (S5).
 */
export type CallbackPageKind = 'received' | 'failed' | 'invalid' | 'not-found' | 'method-not-allowed' | 'bad-host';

const TEXT: Record<CallbackPageKind, { status: number; title: string; body: string }> = {
  received: {
    status: 200,
    title: 'Signed in',
    body: 'OAuth Desk received your sign-in. You can close this tab and go back to the app.',
  },
  failed: {
    status: 200,
    title: 'Sign-in not completed',
    body: 'The sign-in did not complete. Go back to OAuth Desk: it shows what happened and how to fix it.',
  },
  invalid: {
    status: 400,
    title: 'Not a valid sign-in response',
    body: 'This address was opened without a valid sign-in response. Go back to OAuth Desk and use the sign-in page it opened.',
  },
  'not-found': { status: 404, title: 'Not found', body: 'Nothing is here. Go back to OAuth Desk.' },
  'method-not-allowed': { status: 405, title: 'Not allowed', body: 'Only the sign-in redirect is accepted here. Go back to OAuth Desk.' },
  'bad-host': { status: 400, title: 'Wrong address', body: 'This request did not use the address OAuth Desk listens on. Go back to OAuth Desk.' },
};

export const CALLBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  connection: 'close',
};

export function callbackPage(kind: CallbackPageKind): { status: number; html: string } {
  const { status, title, body } = TEXT[kind];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} – OAuth Desk</title></head>` +
    `<body><h1>${title}</h1><p>${body}</p></body></html>`;
  return { status, html };
}
