/**
 * An incremental parser for `text/event-stream` (the subset the web channel sends: `event`, `data`
 * and comment lines). Feed it decoded text in any chunking; it calls `onEvent` per complete event.
 */
export function createSseParser(onEvent: (event: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let eventName = '';
  let dataLines: string[] = [];

  const line = (text: string): void => {
    if (text === '') {
      if (dataLines.length > 0) onEvent(eventName || 'message', dataLines.join('\n'));
      eventName = '';
      dataLines = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
  };

  return (chunk: string): void => {
    buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      if (!match) break;
      // A lone '\r' at the very end may be the first half of '\r\n': wait for more.
      if (match[0] === '\r' && match.index === buffer.length - 1) break;
      line(buffer.slice(0, match.index));
      buffer = buffer.slice(match.index + match[0].length);
    }
  };
}
