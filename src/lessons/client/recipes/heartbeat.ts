export interface HeartbeatOptions {
  /** How often to send a heartbeat, in milliseconds. */
  readonly interval: number;
  /** Silence longer than this means the connection is dead. */
  readonly timeout: number;
  /** Called once, when the connection is found dead. */
  readonly onDead: () => void;
}

/**
 * Notices a connection that died without a word. The browser answers a
 * server's pings by itself but lets a page send none (and Chromium sends no
 * pings of its own, though the standard would let it), and a vanished network
 * (a laptop lid closed, a phone off Wi-Fi) may bring no close event for
 * minutes. So send a small message now and then, and if nothing at all has
 * arrived for `timeout` ms, give up on the connection. Returns a stop function.
 */
export function startHeartbeat(socket: WebSocket, options: HeartbeatOptions): () => void {
  let lastHeard = performance.now();
  const heard = (): void => {
    lastHeard = performance.now();
  };
  const timer = setInterval(() => {
    if (performance.now() - lastHeard > options.timeout) {
      stop();
      options.onDead();
      // The closing handshake cannot finish on a dead network; close to let go anyway.
      socket.close(4000, 'heartbeat timeout');
      return;
    }
    // Any message the server answers will do; an echo server sends it back.
    socket.send('heartbeat');
  }, options.interval);
  function stop(): void {
    clearInterval(timer);
    socket.removeEventListener('message', heard);
    socket.removeEventListener('close', stop);
  }
  socket.addEventListener('message', heard);
  socket.addEventListener('close', stop);
  return stop;
}
