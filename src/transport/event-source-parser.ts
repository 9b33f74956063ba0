/**
 * Reading a text/event-stream as a browser does (WHATWG HTML §9.2.5 and
 * §9.2.6), for the page's EventSource stand-in: lines end with CRLF, LF or
 * CR; a line starting with a colon is a comment; `event`, `data`, `id` and
 * `retry` are the fields; a blank line dispatches the event. No DOM here:
 * the stand-in turns what this reports into events.
 */

/** An event the stream dispatched. */
export interface ParsedEvent {
  /** The event's type: `message` unless an `event:` field named another. */
  readonly type: string;
  readonly data: string;
  /** The last event ID string as it stands when the event is dispatched (§9.2.6). */
  readonly lastEventId: string;
}

export interface EventStreamParser {
  /** Feeds the next piece of the stream (decoded text). */
  push(text: string): void;
  /** The last event ID, which outlives a reconnection (§9.2.4). */
  readonly lastEventId: string;
}

/**
 * A parser that reports each dispatched event and each valid `retry:` value.
 * `lastEventId` starts as given (a reconnection keeps the last one), and
 * the parser is made anew for every response, as the stream's buffers are.
 */
export function createEventStreamParser(
  lastEventId: string,
  on: { readonly event: (event: ParsedEvent) => void; readonly retry: (ms: number) => void },
): EventStreamParser {
  let pending = '';
  let started = false;
  let data = '';
  let type = '';
  let idBuffer = lastEventId;
  let lastId = lastEventId;

  function dispatch(): void {
    lastId = idBuffer;
    if (data === '') {
      type = '';
      return;
    }
    const event = { type: type === '' ? 'message' : type, data: data.slice(0, -1), lastEventId: lastId };
    data = '';
    type = '';
    on.event(event);
  }

  function field(name: string, value: string): void {
    if (name === 'event') type = value;
    else if (name === 'data') data += `${value}\n`;
    // An id with U+0000 is ignored (§9.2.6).
    else if (name === 'id' && !value.includes('\0')) idBuffer = value;
    else if (name === 'retry' && /^\d+$/.test(value)) on.retry(Number(value));
  }

  function line(text: string): void {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    if (colon === -1) return field(text, '');
    const value = text.slice(colon + 1);
    field(text.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value);
  }

  return {
    push(text) {
      pending += text;
      // One byte order mark at the very start is dropped (§9.2.5).
      if (!started && pending !== '') {
        started = true;
        if (pending.startsWith('\ufeff')) pending = pending.slice(1);
      }
      for (;;) {
        const end = pending.search(/\r\n|\r|\n/);
        // A CR at the end of what came so far may be the first half of a CRLF: wait for more.
        if (end === -1 || (end === pending.length - 1 && pending.endsWith('\r'))) return;
        const breakLength = pending.startsWith('\r\n', end) ? 2 : 1;
        line(pending.slice(0, end));
        pending = pending.slice(end + breakLength);
      }
    },
    get lastEventId() {
      return lastId;
    },
  };
}
