// The `_register()` pattern: an object owns what it created and releases all of it in one
// `dispose()`, in reverse order, so listeners die before the things they listen to.
// Structural (no `vscode` import) so host-independent code and unit tests can use it.
export interface DisposableLike {
  dispose(): unknown;
}

export abstract class Disposable implements DisposableLike {
  #disposables: DisposableLike[] = [];
  #disposed = false;

  protected get isDisposed(): boolean {
    return this.#disposed;
  }

  protected _register<T extends DisposableLike>(d: T): T {
    if (this.#disposed) {
      // Registering after dispose would leak: release it right away instead.
      d.dispose();
    } else {
      this.#disposables.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const list = this.#disposables.reverse();
    this.#disposables = [];
    for (const d of list) {
      try {
        d.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }
}

export function toDisposable(fn: () => void): DisposableLike {
  return { dispose: fn };
}
