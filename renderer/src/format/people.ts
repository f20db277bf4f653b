/** Up to two initials from a name (or an email address / identifier when there is no name). */
export function initialsOf(...candidates: ReadonlyArray<string | null | undefined>): string {
  for (const candidate of candidates) {
    const text = candidate?.trim();
    if (!text) continue;
    const base = text.includes('@') && !text.includes(' ') ? text.slice(0, text.indexOf('@')) : text;
    const words = base.split(/[\s._-]+/u).filter((w) => /\p{L}|\p{N}/u.test(w));
    const letters = words.slice(0, 2).map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '');
    const result = letters.join('').toUpperCase();
    if (result) return result;
  }
  return '?';
}

/** Splits `Grace Hopper <grace@example.org>` into its display name and address. */
export function splitSender(from: string): { name: string; address: string | null } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(from);
  if (match) {
    const name = match[1]!.trim();
    return name ? { name, address: match[2]! } : { name: match[2]!, address: null };
  }
  return { name: from.trim(), address: null };
}
