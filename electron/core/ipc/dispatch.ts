/**
 * One dispatcher for every channel, used by the Electron IPC adapter and by the web channel:
 * validate the payload strictly, call the handler, and reduce any failure to `{code, message, hint}`.
 */
import type { Channel, Payload, ResultOf, WireResult } from '../../shared/ipc-contract.ts';
import { PAYLOAD_VALIDATORS, isChannel } from '../../shared/ipc-contract.ts';
import { RequestError, toErrorInfo } from '../errors.ts';
import type { Logger } from '../ports.ts';

export type ChannelHandlers = { [C in Channel]: (payload: Payload<C>) => Promise<ResultOf<C>> };

export async function dispatch(
  handlers: ChannelHandlers,
  channel: unknown,
  rawPayload: unknown,
  logger?: Logger,
): Promise<WireResult<Channel>> {
  try {
    if (!isChannel(channel)) {
      throw new RequestError('ipc_unknown_channel', 'The window asked for an operation that does not exist.', {
        hint: 'This is a bug in OAuth Desk. Restart the app; if it persists, report it.',
      });
    }
    const payload = PAYLOAD_VALIDATORS[channel](rawPayload);
    const handler = handlers[channel] as (p: unknown) => Promise<ResultOf<Channel>>;
    const value = await handler(payload);
    return { ok: true, value };
  } catch (error) {
    const info = toErrorInfo(error);
    // Only the code is logged: messages are safe by construction, but codes are enough to diagnose.
    logger?.warn('request failed', { channel: typeof channel === 'string' ? channel : 'invalid', code: info.code });
    return { ok: false, error: info };
  }
}
