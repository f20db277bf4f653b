/** "m:ss" below an hour, "h:mm:ss" from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** "expires in 1:58", or "expired" once `expiresAt` (epoch ms) has passed. */
export function formatCountdown(expiresAt: number, now: number): string {
  const remaining = expiresAt - now;
  return remaining <= 0 ? 'expired' : `expires in ${formatDuration(remaining)}`;
}
