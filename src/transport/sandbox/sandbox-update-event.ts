/** A run's output, errors, connections or state changed; fired at most once per UPDATE_MS. */
export class SandboxUpdateEvent extends Event {
  static readonly eventName = 'wsp-sandbox-update';
  constructor() {
    super(SandboxUpdateEvent.eventName);
  }
}
