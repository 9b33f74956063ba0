import { parseTraceEvent, type TraceEvent } from '../../protocol/index.ts';
import { endpointUrl } from '../../transport/endpoint-url.ts';

/**
 * Watches the live server's view of connections this page did not open (the
 * other site's, a script's): it opens `/inspect?trace=ID` and the other client
 * names the same id in its URL. The id is 128 random bits, so no one else's
 * connections can show up here, nor these anywhere else.
 */
export interface ServerWatch {
  /** The id the watched client must add to its URL as `trace=`. */
  readonly id: string;
  /** True once the server accepted the watch; false when it refused or was not there. */
  readonly ready: Promise<boolean>;
  close(): void;
}

function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * `onEnd` hears when the watch ends: `opened` false when the server refused it
 * or was not there, true when it closed an open watch (it does after a minute
 * with no connection naming the id).
 */
export function watchServer(
  serverUrl: string,
  onEvent: (event: TraceEvent) => void,
  onEnd: (opened: boolean) => void,
): ServerWatch {
  const id = newId();
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
