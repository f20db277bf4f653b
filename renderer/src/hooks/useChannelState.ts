import { useSyncExternalStore } from 'react';
import type { ChannelState, ChannelStatus } from '../bridge/api.ts';

export function useChannelState(channel: ChannelStatus): ChannelState {
  return useSyncExternalStore(channel.subscribe, channel.get, channel.get);
}
