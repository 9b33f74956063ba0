import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { connectionSettings, type ConnectionSettings } from './connection-settings.ts';
import { SettingsChangeEvent } from './settings-change-event.ts';

/** Re-renders its host whenever the site-wide connection settings change. */
export class SettingsController implements ReactiveController {
  readonly settings: ConnectionSettings;
  readonly #host: ReactiveControllerHost;
  readonly #onChange = (): void => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, settings: ConnectionSettings = connectionSettings) {
    this.#host = host;
    this.settings = settings;
    host.addController(this);
  }

  hostConnected(): void {
    this.settings.addEventListener(SettingsChangeEvent.eventName, this.#onChange);
  }

  hostDisconnected(): void {
    this.settings.removeEventListener(SettingsChangeEvent.eventName, this.#onChange);
  }
}
