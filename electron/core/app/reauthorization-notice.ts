/** The desktop notification for a connection that needs a new sign-in: no token, just what and why. */
import type { ConnectionRecord } from '../storage/connection-repository.ts';

export function reauthorizationNotice(providerName: string, record: ConnectionRecord): { connectionId: string; title: string; body: string } {
  return {
    connectionId: record.id,
    title: `${providerName} needs you to sign in again`,
    body: `${record.accountLabel}: ${record.reauthorizationReason?.message ?? 'the connection can no longer be renewed.'} Click to open it and re-authorize.`,
  };
}
