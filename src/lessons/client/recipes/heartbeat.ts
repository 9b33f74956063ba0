export interface HeartbeatOptions {
  /** How often to send a heartbeat, in milliseconds. */
  readonly interval: number;
  /** A heartbeat unanswered for longer than this means the connection is dead. */
  readonly timeout: number;
  /** Called once, when the connection is found dead. */
  readonly onDead: () => void;
}

/**
 * Notices a connection that died without a word. The browser answers a
 * server's pings by itself but lets a page send none (and Chromium sends no
 * pings of its own, though the standard would let it), and a vanished network
 * (a laptop lid closed, a phone off Wi-Fi) may bring no close event for
 * minutes. So send a small message now and then, and if one goes unanswered
 * for `timeout` ms, give up on the connection. Returns a stop function.
 */
export function startHeartbeat(socket: WebSocket, options: HeartbeatOptions): () => void {
  // When the oldest heartbeat still unanswered went out; undefined once anything arrived since.
  let waitingSince: number | undefined;
  const heard = (): void => {
    waitingSince = undefined;
  };
  const timer = setInterval(() => {
    // Judge by timestamps, never by counting ticks: in a hidden tab the browser may run this
    // once a minute, and a late tick is not silence. Only a heartbeat left unanswered is.
    const now = performance.now();
    if (waitingSince !== undefined && now - waitingSince > options.timeout) {
      stop();
      options.onDead();
      // The closing handshake cannot finish on a dead network; close to let go anyway.
      socket.close(4000, 'heartbeat timeout');
      return;
    }
    waitingSince ??= now;
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
