/** A connection the page can let go of: a WebSocket, or a client that reconnects by itself. */
export interface Closable {
  close(code?: number, reason?: string): void;
}

/**
 * Keeps a connection open only while the page is shown. On `pagehide` the
 * page is leaving: into the back/forward cache (`persisted`) or for good.
 * Close either way: a page left for good loses its sockets anyway, and a
 * cached one should not hold a connection it cannot read, which some
 * browsers answer by keeping the page out of the cache. The page may close
 * with 1000 or 3000-4999 only (1001, "going away", is the browser's own).
 * On `pageshow` with `persisted` the page came back from the cache: open a
 * new connection. Returns a function that stops following the page and
 * closes what is open.
 */
export function keepWhileShown(open: () => Closable, target: Window = window): () => void {
  let connection: Closable | undefined = open();
  const hide = (): void => {
    connection?.close(1000, 'page hidden');
    connection = undefined;
  };
  const show = (event: PageTransitionEvent): void => {
    // A first load fires pageshow too, with persisted false: the connection is already open.
    if (event.persisted && connection === undefined) connection = open();
  };
  target.addEventListener('pagehide', hide);
  target.addEventListener('pageshow', show);
  return () => {
    target.removeEventListener('pagehide', hide);
    target.removeEventListener('pageshow', show);
    connection?.close(1000, 'done');
    connection = undefined;
  };
}
