import type { Result } from '../../shared/error-info.ts';
import type { DataPanelView } from '../../shared/view-types.ts';
import { toErrorInfo } from '../errors.ts';

/** Runs a data fetch so that its failure becomes a per-panel error instead of failing the whole call. */
export async function settle<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

type PanelOf<K extends DataPanelView['kind']> = Extract<DataPanelView, { kind: K }>;
type ValueOf<K extends DataPanelView['kind']> = PanelOf<K>['result'] extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

/** One panel: its fetch settled on its own, so a failing panel never hides the others. */
export async function panel<K extends DataPanelView['kind']>(kind: K, id: string, title: string, work: () => Promise<ValueOf<K>>): Promise<PanelOf<K>> {
  return { kind, id, title, result: await settle(work) } as PanelOf<K>;
}
