// A minimal event emitter with the same call shape as `vscode.Event<T>`, for host-independent
// code (the tree model) that unit tests run without VS Code.
import type { DisposableLike } from './disposable.js';

export type Listener<T> = (value: T) => void;
export type EventLike<T> = (listener: Listener<T>) => DisposableLike;

export class Emitter<T> {
  #listeners = new Set<Listener<T>>();

  readonly event: EventLike<T> = (listener) => {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.#listeners]) {
      try {
        l(value);
      } catch {
        // A failing listener must not starve the others.
      }
    }
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
