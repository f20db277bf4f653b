/** The URL when it is http(s), so it can be a link target; null otherwise (javascript:, data:, junk). */
export function safeLinkUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Picture URLs the page's CSP allows (https: and data: images); null for anything else. */
export function safeImageUrl(value: string | null): string | null {
  if (value === null) return null;
  if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
