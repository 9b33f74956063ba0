/** A listener as `addEventListener` takes it, knowing the class of the event it hears. */
type TypedListener<E extends Event> = ((event: E) => void) | { handleEvent(event: E): void } | null;

/**
 * An EventTarget whose listeners know each event's class by its name, as
 * `HTMLElementEventMap` gives them for an element: a listener of
 * `wsp-settings-change` gets a `SettingsChangeEvent` and needs no `instanceof`.
 */
export class TypedEventTarget<EventMap extends Record<string, Event>> extends EventTarget {
  override addEventListener<K extends keyof EventMap & string>(
    type: K,
    listener: TypedListener<EventMap[K]>,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  override removeEventListener<K extends keyof EventMap & string>(
    type: K,
    listener: TypedListener<EventMap[K]>,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }
}
