/**
 * Static checks of electron-builder.yml (parsed with js-yaml, the parser electron-builder uses):
 * electron-builder's own schema accepts it, the S27 fuses, the app's URI scheme and the file list.
 * The packaging smoke test (linux-package.test.ts) checks what these settings produce.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { APP_URI_SCHEME } from '../../electron/core/scheme/app-scheme.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface BuilderConfig {
  readonly appId?: string;
  readonly files?: readonly string[];
  readonly asar?: boolean;
  readonly protocols?: ReadonlyArray<{ readonly name?: string; readonly schemes?: readonly string[] }>;
  readonly electronFuses?: Record<string, unknown>;
  readonly linux?: { readonly executableName?: string; readonly syncDesktopName?: boolean; readonly mimeTypes?: readonly string[]; readonly protocols?: unknown };
  readonly mac?: { readonly protocols?: unknown };
}

function loadConfig(): BuilderConfig {
  return yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  readonly desktopName?: string;
  readonly scripts?: Record<string, string>;
};

type ValidateConfiguration = (config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }) => Promise<void>;

/** electron-builder's own configuration check (its JSON schema), as the installed electron-builder loads it. */
function builderValidator(): ValidateConfiguration {
  const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const module = requireFromBuilder('app-builder-lib/out/util/config/config') as { validateConfiguration: ValidateConfiguration };
  return module.validateConfiguration;
}
const quietLogger = { isEnabled: false, add: () => undefined };

test('electron-builder accepts electron-builder.yml, and its check does reject unknown keys', async () => {
  const validate = builderValidator();
  await validate(loadConfig(), quietLogger);
  await assert.rejects(validate({ ...loadConfig(), protocol: loadConfig().protocols }, quietLogger), /Invalid configuration object[\s\S]*protocol/);
  await assert.rejects(validate({ ...loadConfig(), linux: { ...loadConfig().linux, mimeType: ['x'] } }, quietLogger), /Invalid configuration object[\s\S]*configuration\.linux/);
});

test('S27: electron-builder.yml sets every security fuse (no run-as-node, NODE_OPTIONS or inspect; cookie encryption, asar integrity, asar-only loading on; no file: privileges)', () => {
  const fuses = loadConfig().electronFuses;
  assert.ok(fuses !== undefined, 'electronFuses is set');
  assert.equal(fuses['runAsNode'], false);
  assert.equal(fuses['enableNodeOptionsEnvironmentVariable'], false);
  assert.equal(fuses['enableNodeCliInspectArguments'], false);
  assert.equal(fuses['enableCookieEncryption'], true);
  assert.equal(fuses['enableEmbeddedAsarIntegrityValidation'], true);
  assert.equal(fuses['onlyLoadAppFromAsar'], true);
  assert.equal(fuses['grantFileProtocolExtraPrivileges'], false);
  assert.equal(loadConfig().asar, true, 'asar integrity and asar-only loading need the app in an asar');
});

test('the packages register the app’s own scheme (the RFC 8252 7.1 redirect com.oauthdesk.app:/callback) for macOS and the Linux desktop entry', () => {
  const config = loadConfig();
  assert.equal(APP_URI_SCHEME, 'com.oauthdesk.app');
  assert.equal(config.appId, APP_URI_SCHEME, 'the scheme is the app id (reverse DNS, S6)');
  assert.deepEqual(config.protocols, [{ name: 'OAuth Desk sign-in', schemes: [APP_URI_SCHEME] }]);
  // electron-builder adds platform-level `protocols` to the top-level ones and derives the desktop
  // entry's MimeType=x-scheme-handler/<scheme> from them: a second declaration would only repeat it.
  assert.equal(config.linux?.protocols, undefined);
  assert.equal(config.mac?.protocols, undefined);
  assert.ok(!(config.linux?.mimeTypes ?? []).includes(`x-scheme-handler/${APP_URI_SCHEME}`));
});

test('the Linux desktop entry is named after package.json desktopName, which Electron uses when it registers the link handler', () => {
  const linux = loadConfig().linux;
  assert.equal(linux?.syncDesktopName, true);
  assert.equal(packageJson.desktopName, `${linux?.executableName}.desktop`);
});

test('the package ships only the build output and package.json, without source maps, TypeScript or .env files', () => {
  const files = loadConfig().files ?? [];
  assert.deepEqual(
    files.filter((pattern) => !pattern.startsWith('!')),
    ['out/**', 'package.json'],
  );
  for (const exclusion of ['!**/*.map', '!**/*.{ts,tsx,mts,cts}', '!**/.env', '!**/.env.*']) {
    assert.ok(files.includes(exclusion), exclusion);
  }
  assert.equal(packageJson.scripts?.['dist'], 'electron-vite build && electron-builder --publish never', 'npm run dist builds before it packages, and never publishes');
});
