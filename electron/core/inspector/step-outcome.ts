/**
 * Whether an answered request worked, judged the way the app itself judges it: token answers by the
 * token-response validation (S14), revocations with "already invalid" counting as done (S19), API
 * calls by their status. A failure is the same typed error the app raises (code and message, which
 * never hold secrets: S29).
 */
import type { FlowStepKind } from '../../shared/flow-types.ts';
import { apiErrorFor } from '../api/resource-request.ts';
import { toErrorInfo } from '../errors.ts';
import type { HttpResponse } from '../http/http-client.ts';
import { processRevocationResponse } from '../oauth/revocation.ts';
import { processTokenResponse } from '../oauth/token-request.ts';
import type { StepError } from './flow-step.ts';

function failure(error: unknown): StepError {
  const { code, message } = toErrorInfo(error);
  return { code, message };
}

export function stepError(kind: FlowStepKind, title: string, response: HttpResponse, providerName: string, now: number): StepError {
  try {
    switch (kind) {
      case 'token-request':
      case 'refresh':
        processTokenResponse(response, { grant: kind === 'refresh' ? 'refresh_token' : 'authorization_code', now, requestedScopes: [], providerName });
        return null;
      case 'revocation':
        processRevocationResponse(response, providerName);
        return null;
      default:
        return response.status >= 200 && response.status < 300 ? null : failure(apiErrorFor(response, providerName, title, now));
    }
  } catch (error) {
    return failure(error);
  }
}
