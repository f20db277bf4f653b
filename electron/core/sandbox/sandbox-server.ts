/**
 * The built-in Sandbox authorization server: a real oidc-provider instance plus a Gmail-shaped mail API,
 * in-process on 127.0.0.1, so the app can be tried with zero registration. All state (keys, cookies,
 * grants, tokens) lives in memory and dies with the server.
 */
import { generateKeyPair } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Provider from 'oidc-provider';
import type { ClientMetadata, JWK, KoaContextWithOIDC } from 'oidc-provider';
import { silentLogger, type Logger } from '../ports.ts';
import { normalizeLoginResult, sandboxSubject } from './sandbox-accounts.ts';
import { SANDBOX_CLIENT_ID, sandboxProviderConfiguration } from './sandbox-provider-config.ts';
import {
  handleSandboxApiRequest,
  isSandboxApiPath,
  SANDBOX_MAIL_API_PATH,
  type SandboxTokenInfo,
} from './sandbox-resource-api.ts';

/** How often the Sandbox's server looks for requests that stalled (see createSandboxServer). */
const SLOW_REQUEST_CHECK_MS = 10 * 60_000;

export { SANDBOX_CLIENT_ID, SANDBOX_REDIRECT_URI, SANDBOX_SCOPES } from './sandbox-provider-config.ts';

export interface SandboxServerOptions {
  /** Access-token lifetime; default 120. */
  accessTokenTtlSeconds?: number;
  /** Default 0 (OS-assigned). */
  port?: number;
  logger?: Logger;
  /** Extra clients (tests register confidential clients for client_secret_post / client_secret_basic). */
  extraClients?: ReadonlyArray<ClientMetadata>;
}

export interface SandboxServer {
  /** 'http://127.0.0.1:<port>' (no trailing slash). */
  readonly issuer: string;
  readonly port: number;
  readonly clientId: string;
  /** `${issuer}/api/gmail/v1/users/me` */
  readonly mailApiBase: string;
  /** Count of requests to the token endpoint by grant_type (e.g. {authorization_code: 1, refresh_token: 3}). */
  tokenRequestCounts(): Readonly<Record<string, number>>;
  /** Stops listening and destroys open (keep-alive) sockets; idempotent. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 120;
/** Counted under this key when a token request has no readable grant_type. */
const NO_GRANT_TYPE = '(none)';

export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const logger = options.logger ?? silentLogger;
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(accessTokenTtlSeconds) || accessTokenTtlSeconds < 1) {
    throw new RangeError('accessTokenTtlSeconds must be a positive integer');
  }

  // Listen first to learn the port: the issuer names it.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  // Node checks a server's half-received requests for timeouts every 30 s by default, waking the
  // app twice a minute while it idles. This server answers only this machine (127.0.0.1), so a
  // slow request is cut after at most SLOW_REQUEST_CHECK_MS instead.
  const server = createServer({ connectionsCheckingInterval: SLOW_REQUEST_CHECK_MS }, (req, res) => handler(req, res));
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${HOST}:${port}`;
  const close = closer(server);

  try {
    const provider = new Provider(issuer, sandboxProviderConfiguration({
      accessTokenTtlSeconds,
      signingKey: await freshSigningKey(),
      extraClients: options.extraClients ?? [],
    }));

    // The dev login page hands over the login name as typed; make the account id (= `sub`) the stable subject.
    const interactionResult = provider.interactionResult.bind(provider);
    provider.interactionResult = (req, res, result, opts) => interactionResult(req, res, normalizeLoginResult(result), opts);

    const counts: Record<string, number> = {};
    provider.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        if (ctx.method === 'POST' && ctx.path === '/token') {
          const grantType = (ctx as unknown as KoaContextWithOIDC).oidc?.body?.grant_type;
          const key = typeof grantType === 'string' && grantType !== '' ? grantType : NO_GRANT_TYPE;
          counts[key] = (counts[key] ?? 0) + 1;
        }
      }
    });
    provider.on('server_error', (_ctx: unknown, error: Error) => {
      logger.error('Sandbox authorization server failed a request', { error: error.name });
    });

    const findAccessToken = async (value: string): Promise<SandboxTokenInfo | undefined> => {
      const token = await provider.AccessToken.find(value);
      // Sender-constrained (DPoP / mTLS) tokens need a proof this API does not check: refuse them.
      if (token === undefined || token.isExpired || token.isSenderConstrained()) return undefined;
      const subject = token.accountId === undefined ? undefined : sandboxSubject(token.accountId);
      return subject === undefined ? undefined : { subject, scopes: token.scopes };
    };

    const providerCallback = provider.callback();
    handler = (req, res) => {
      if (isSandboxApiPath(pathnameOf(req.url))) {
        handleSandboxApiRequest(req, res, { findAccessToken }).catch((error: unknown) => {
          logger.error('Sandbox mail API failed a request', { error: error instanceof Error ? error.name : 'unknown' });
          if (!res.headersSent) res.writeHead(500, { 'Cache-Control': 'no-store' });
          res.end();
        });
        return;
      }
      void providerCallback(req, res);
    };

    logger.info('Sandbox authorization server started', { issuer });
    return {
      issuer,
      port,
      clientId: SANDBOX_CLIENT_ID,
      mailApiBase: `${issuer}${SANDBOX_MAIL_API_PATH}`,
      tokenRequestCounts: () => ({ ...counts }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closer(server: Server): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
}

async function freshSigningKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid: `sandbox-${Date.now().toString(36)}`, use: 'sig', alg: 'ES256' } as JWK;
}

function pathnameOf(url: string | undefined): string {
  const path = url ?? '/';
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}
