import type { Result } from '../../shared/error-info.ts';
import { toErrorInfo } from '../errors.ts';

/** Runs a data fetch so that its failure becomes a per-panel error instead of failing the whole call. */
export async function settle<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
