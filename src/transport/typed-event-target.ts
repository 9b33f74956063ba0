/** A listener as `addEventListener` takes it, knowing the class of the event it hears. */
type TypedListener<E extends Event> = ((event: E) => void) | { handleEvent(event: E): void } | null;
type Options = boolean | AddEventListenerOptions;

/**
 * An EventTarget whose listeners know each event's class by its name, as
 * `HTMLElementEventMap` gives them for an element: a listener of
 * `wsp-settings-change` gets a `SettingsChangeEvent` and needs no `instanceof`.
 */
export interface TypedEventTarget<M extends Record<string, Event>> extends EventTarget {
  addEventListener<K extends keyof M & string>(type: K, listener: TypedListener<M[K]>, options?: Options): void;
  removeEventListener<K extends keyof M & string>(type: K, listener: TypedListener<M[K]>, options?: Options): void;
}

/** The browser's own EventTarget, typed: only the types change, so it costs nothing at run time. */
export const TypedEventTarget = EventTarget as new <M extends Record<string, Event>>() => TypedEventTarget<M>;
