/**
 * `send` never blocks: what the network cannot take yet waits inside the
 * browser, and `bufferedAmount` counts those bytes. It does not throw when
 * that buffer is full either: the browser then closes the connection
 * (WHATWG WebSockets Standard §3.1, send()), and the page gets error and 1006.
 */

/** Sends `count` binary messages of `size` bytes each, all at once. */
export function sendFast(socket: WebSocket, size: number, count: number): void {
  const chunk = new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    socket.send(chunk);
  }
}

/** Calls `onSample` with bufferedAmount on every animation frame, until stopped. */
export function watchBufferedAmount(socket: WebSocket, onSample: (bytes: number) => void): () => void {
  let frame = requestAnimationFrame(function sample() {
    // Ask for the next frame first, so that onSample may stop the watch.
    frame = requestAnimationFrame(sample);
    onSample(socket.bufferedAmount);
  });
  return () => cancelAnimationFrame(frame);
}
