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
import { buildHttpStep, stepKindOf, stepTitle } from './flow-step.ts';
import type { Scrub } from './secret-scrub.ts';
import { stepError } from './step-outcome.ts';

export interface RecordingOptions {
  /** Where the steps go (a journal's timeline, a sign-in's list), with the secret values each carried (never shown). */
  readonly record: (step: FlowStepDraft, secrets: readonly string[]) => void;
  /** Scrubs the secret values the timeline saw before from the new step too (secret-scrub.ts). */
  readonly earlier?: () => Scrub;
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
      const built = buildHttpStep({ request, response, at, durationMs, error }, options.earlier?.());
      options.record(built.draft, built.secrets);
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
