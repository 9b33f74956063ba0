/** The key the browser sent and the Accept the server answered with, once both are in the trace. */
export class HandshakeCapturedEvent extends Event {
  static readonly eventName = 'wsp-handshake-captured';
  constructor(
    readonly key: string | undefined,
    readonly accept: string | undefined,
  ) {
    super(HandshakeCapturedEvent.eventName, { bubbles: true, composed: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'wsp-handshake-captured': HandshakeCapturedEvent;
  }
}
