import { parseTraceEvent, type TraceEvent } from '../protocol/index.ts';
import { endpointUrl } from './endpoint-url.ts';

/**
 * The live server's side channel, `/inspect?trace=ID`: the server's own view
 * of every connection whose URL names the same id (the request headers it
 * received, each frame as it crossed the socket, its notes), as trace events.
 * The page chooses the id, 128 random bits, so no one else's connections can
 * show up here, nor these anywhere else.
 */

/** 128 random bits in hex: no one can guess another reader's trace. */
export function newTraceId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `target` with `trace=ID` added to its query: the server then reports that connection on the id's stream. */
export function withTrace(target: string, id: string): string {
  return `${target}${target.includes('?') ? '&' : '?'}trace=${id}`;
}

export interface InspectorStream {
  /** The id a watched connection names in its URL as `trace=`. */
  readonly id: string;
  /** True once the server accepted the stream; false when it refused it or was not there. */
  readonly ready: Promise<boolean>;
  close(): void;
}

/**
 * Opens the stream for a fresh id. `onEnd` hears when it ends: `opened` false
 * when the server refused it or was not there, true when it closed an open
 * stream (it does after a minute with no connection naming the id).
 */
export function openInspector(
  serverUrl: string,
  onEvent: (event: TraceEvent) => void,
  onEnd: (opened: boolean) => void = () => {},
): InspectorStream {
  const id = newTraceId();
  const socket = new WebSocket(endpointUrl(serverUrl, `/inspect?trace=${id}`));
  socket.addEventListener('message', (event) => {
    try {
      onEvent(parseTraceEvent(String(event.data)));
    } catch (error) {
      onEvent({
        type: 'note',
        at: 0,
        text: `The server sent a trace message this page cannot read: ${(error as Error).message}.`,
      });
    }
  });
  let opened = false;
  const ready = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => {
      opened = true;
      resolve(true);
    });
    socket.addEventListener('close', () => {
      resolve(false);
      onEnd(opened);
    });
  });
  return {
    id,
    ready,
    close: () => {
      if (socket.readyState <= WebSocket.OPEN) socket.close(1000, 'done');
    },
  };
}
