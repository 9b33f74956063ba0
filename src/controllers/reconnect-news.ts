/** What an automatic reconnect tells the demo, one step at a time. */
export type ReconnectNews =
  | {
      readonly kind: 'waiting';
      /** The attempt the wait leads to, from 1. */
      readonly attempt: number;
      readonly attempts: number;
      /** Milliseconds until that attempt. */
      readonly delay: number;
      /** The close code that ended the open connection or the failed attempt. */
      readonly code: number;
      /** Whether the previous attempt failed before it opened (else an open connection ended). */
      readonly failed: boolean;
    }
  | { readonly kind: 'trying'; readonly attempt: number; readonly attempts: number }
  | { readonly kind: 'reconnected'; readonly attempt: number }
  | { readonly kind: 'gave-up'; readonly attempts: number }
  | { readonly kind: 'stopped' };

/** Seconds with one decimal, as a reader reads a countdown. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Why the connection ended, in words: the two codes that bring a reconnect (§7.4.1, §7.1.5). */
function ending(code: number): string {
  if (code === 1001) return 'The server went away (1001).';
  if (code === 1006) return 'The connection dropped with no close frame (1006).';
  return `The connection closed with code ${code}.`;
}

/** The news in a sentence, for a demo's log or status. */
export function reconnectSentence(news: ReconnectNews): string {
  switch (news.kind) {
    case 'waiting': {
      const why = news.failed
        ? `Attempt ${news.attempt - 1} failed before it opened (${news.code}).`
        : ending(news.code);
      return `${why} Reconnecting in ${seconds(news.delay)} (attempt ${news.attempt} of ${news.attempts})…`;
    }
    case 'trying':
      return `Reconnecting: attempt ${news.attempt} of ${news.attempts}…`;
    case 'reconnected':
      return `Reconnected (attempt ${news.attempt}).`;
    case 'gave-up':
      return `Gave up after ${news.attempts} attempts: connect again once the server is back.`;
    case 'stopped':
      return 'Stopped reconnecting: the connection stays closed.';
  }
}
