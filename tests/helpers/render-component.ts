/**
 * Renders renderer components (.tsx) to static HTML under plain Node, for tests of what a component
 * shows. Node strips types from .ts files but does not compile JSX, so a synchronous module hook
 * compiles each .tsx file with the same compiler the build uses (Oxc, through rolldown, which Vite
 * bundles) before Node loads it. Import components with `await import(...)` after importing this
 * module; static imports of .tsx files are resolved before the hook is in place.
 *
 * Server rendering runs no effects, so components render their first frame: enough to check
 * classes, labels and disabled states.
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { transformSync } from 'rolldown/utils';
import { ApiContext } from '../../renderer/src/bridge/api-context.ts';
import type { OAuthDeskApi } from '../../electron/shared/ipc-contract.ts';

let registered = false;

function registerTsxHook(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    load(url, context, nextLoad) {
      // Components import their stylesheets for Vite; under Node a stylesheet is an empty module.
      if (url.startsWith('file:') && url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
      if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context);
      const file = fileURLToPath(url);
      const result = transformSync(file, readFileSync(file, 'utf8'), { lang: 'tsx', jsx: { runtime: 'automatic' } });
      if (result.errors.length > 0) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`);
      return { format: 'module', source: result.code, shortCircuit: true };
    },
  });
}

registerTsxHook();

/**
 * An API whose every function rejects: components under test render without calling it (no effects
 * run on the server), and one that did would fail loudly.
 */
export function unusedApi(): OAuthDeskApi {
  return new Proxy({} as OAuthDeskApi, {
    get: (_target, name) => () => Promise.reject(new Error(`the test did not expect api.${String(name)}()`)),
  });
}

/** `<Component {...props}/>` inside an ApiContext, as static HTML. */
export function renderToHtml<P extends object>(component: ComponentType<P>, props: P, api: OAuthDeskApi = unusedApi()): string {
  const tree: ReactNode = createElement(ApiContext.Provider, { value: api }, createElement(component, props));
  return renderToStaticMarkup(tree);
}

/** The text a reader sees: tags dropped, entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The opening tag of the <button> whose text is `label`, e.g. `<button type="button" class="button" disabled="">`. */
export function buttonTag(html: string, label: string): string {
  for (const match of html.matchAll(/(<button\b[^>]*>)([\s\S]*?)<\/button>/g)) {
    if ((match[2] ?? '').replace(/<[^>]*>/g, '').trim() === label) return match[1] ?? '';
  }
  throw new Error(`no button "${label}" in ${html}`);
}

export function hasClass(tag: string, className: string): boolean {
  const classes = /\bclass="([^"]*)"/.exec(tag)?.[1] ?? '';
  return classes.split(/\s+/).includes(className);
}

export function isDisabled(tag: string): boolean {
  return /\sdisabled(?:=""|\s|>|$)/.test(tag);
}
