/** The reader flipped the connection mode or chose another live server: every demo reconnects. */
export class SettingsChangeEvent extends Event {
  static readonly eventName = 'wsp-settings-change';
  constructor() {
    super(SettingsChangeEvent.eventName);
  }
}
