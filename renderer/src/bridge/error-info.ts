import type { ErrorInfo } from '../../../electron/shared/error-info.ts';
import { isErrorInfo } from '../../../electron/shared/error-info.ts';

const UNEXPECTED: ErrorInfo = {
  code: 'renderer_unexpected',
  message: 'Something unexpected went wrong in this window.',
  hint: 'Try again. If it keeps happening, reload the window.',
};

/** Reduces anything a bridge call rejected with (normally a RemoteError) to `{code, message, hint}`. */
export function errorInfoOf(error: unknown): ErrorInfo {
  if (isErrorInfo(error)) return { code: error.code, message: error.message, hint: error.hint };
  return UNEXPECTED;
}
