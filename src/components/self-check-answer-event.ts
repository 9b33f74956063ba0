/** The reader answered a self-check question; composed, so the shell hears it from inside a lesson and records progress. */
export class SelfCheckAnswerEvent extends Event {
  static readonly eventName = 'wsp-self-check-answer';
  constructor(
    readonly question: string,
    readonly correct: boolean,
  ) {
    super(SelfCheckAnswerEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'wsp-self-check-answer': SelfCheckAnswerEvent;
  }
}
