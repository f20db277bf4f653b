/** The `settings:*` handlers of a fake desk in tests that do not exercise Settings: each throws if called. */
import type { ChannelHandlers } from '../../electron/core/ipc/dispatch.ts';

type SettingsChannels = Extract<keyof ChannelHandlers, `settings:${string}`>;

const CHANNELS: readonly SettingsChannels[] = [
  'settings:list-problems',
  'settings:get',
  'settings:save-credentials',
  'settings:import-client-file',
  'settings:set-redirect-port',
  'settings:check-port',
  'settings:save-custom',
  'settings:remove-custom',
  'settings:get-storage',
  'settings:set-keep-refresh-tokens',
];

export function unusedSettingsHandlers(): Pick<ChannelHandlers, SettingsChannels> {
  const notUsed = (channel: string) => async (): Promise<never> => {
    throw new Error(`${channel} is not used by this test`);
  };
  return Object.fromEntries(CHANNELS.map((c) => [c, notUsed(c)])) as unknown as Pick<ChannelHandlers, SettingsChannels>;
}
