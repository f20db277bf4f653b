/**
 * An HttpClient that records every request it passes on as an inspector step: when it began, how
 * long it took (by the clock seam), the request and the answer with secrets masked, and whether it
 * worked. A network failure is recorded with no response and the error's code, then rethrown.
 * Recording never changes what the caller gets: a failure to record is logged and ignored.
 */
import { toErrorInfo } from '../errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../http/http-client.ts';
import type { Clock, Logger } from '../ports.ts';
import { silentLogger } from '../ports.ts';
import type { FlowStepDraft } from './flow-step.ts';
import { httpStep, stepKindOf, stepTitle } from './flow-step.ts';
import { stepError } from './step-outcome.ts';

export interface RecordingOptions {
  /** Where the steps go (a journal's timeline, a sign-in's list). */
  readonly record: (step: FlowStepDraft) => void;
  readonly clock: Clock;
  /** Names the provider in the steps' error messages. */
  readonly providerName: string;
  readonly logger?: Logger;
}

export function createRecordingHttpClient(inner: HttpClient, options: RecordingOptions): HttpClient {
  const logger = options.logger ?? silentLogger;
  const save = (request: HttpRequest, response: HttpResponse | null, at: number, failure: unknown) => {
    try {
      const durationMs = Math.max(0, options.clock.now() - at);
      const error =
        response === null
          ? { code: toErrorInfo(failure).code, message: toErrorInfo(failure).message }
          : stepError(stepKindOf(request), stepTitle(request), response, options.providerName, at);
      options.record(httpStep({ request, response, at, durationMs, error }));
    } catch (error) {
      logger.warn('the flow inspector could not record a request', { code: toErrorInfo(error).code });
    }
  };
  return {
    async request(request) {
      const at = options.clock.now();
      let response: HttpResponse;
      try {
        response = await inner.request(request);
      } catch (failure) {
        save(request, null, at, failure);
        throw failure;
      }
      save(request, response, at, null);
      return response;
    },
  };
}
