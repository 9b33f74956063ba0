import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A controller host with no element: it counts update requests and connects its controllers on demand. */
export class BareHost implements ReactiveControllerHost {
  readonly #controllers: ReactiveController[] = [];
  updates = 0;

  addController(controller: ReactiveController): void {
    this.#controllers.push(controller);
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.splice(this.#controllers.indexOf(controller), 1);
  }

  requestUpdate(): void {
    this.updates++;
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  connect(): void {
    for (const controller of this.#controllers) controller.hostConnected?.();
  }

  disconnect(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }
}
