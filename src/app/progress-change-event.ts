/** The reader's progress changed: a lesson read, a self-check passed, or everything reset. */
export class ProgressChangeEvent extends Event {
  static readonly eventName = 'wsp-progress-change';
  constructor() {
    super(ProgressChangeEvent.eventName);
  }
}
