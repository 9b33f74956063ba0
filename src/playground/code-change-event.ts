/** The reader edited the code in a code editor (typing, pasting, undo); never fired when the page sets the code. */
export class CodeChangeEvent extends Event {
  static readonly eventName = 'wsp-code-change';
  constructor(
    /** The whole code after the edit. */
    readonly value: string,
  ) {
    super(CodeChangeEvent.eventName, { bubbles: true, composed: false });
  }
}

declare global {
  interface HTMLElementEventMap {
    'wsp-code-change': CodeChangeEvent;
  }
}
