import type { ErrorInfo, Result } from '../../shared/error-info.ts';
import type { DataPanelView } from '../../shared/view-types.ts';
import { toErrorInfo } from '../errors.ts';

/**
 * The typed error behind a settled panel's `ErrorInfo`, kept beside it (never sent anywhere) so the
 * error doctor can read what the wire shape drops, such as how long a rate limit lasts.
 */
const settledErrors = new WeakMap<ErrorInfo, unknown>();

/** The error a panel's `ErrorInfo` was made from, or the info itself when it was not made by `settle`. */
export function errorBehind(info: ErrorInfo): unknown {
  return settledErrors.get(info) ?? info;
}

/** Runs a data fetch so that its failure becomes a per-panel error instead of failing the whole call. */
export async function settle<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const info = toErrorInfo(error);
    settledErrors.set(info, error);
    return { ok: false, error: info };
  }
}

type PanelOf<K extends DataPanelView['kind']> = Extract<DataPanelView, { kind: K }>;
type ValueOf<K extends DataPanelView['kind']> = PanelOf<K>['result'] extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

/** One panel: its fetch settled on its own, so a failing panel never hides the others. */
export async function panel<K extends DataPanelView['kind']>(kind: K, id: string, title: string, work: () => Promise<ValueOf<K>>): Promise<PanelOf<K>> {
  return { kind, id, title, result: await settle(work) } as PanelOf<K>;
}
