/** The one source of "now" in the service. Everything that reads time takes a Clock, so tests and the sandbox
 * can run minutes of deadlines in seconds. Times are epoch milliseconds. */
export interface Clock {
  now(): number;
  /** How many virtual milliseconds pass per real millisecond (1 in production). */
  readonly speed: number;
  /** Real milliseconds to wait until the virtual instant `at`. */
  realDelayUntil(at: number): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  speed: 1,
  realDelayUntil: (at) => Math.max(0, at - Date.now()),
};

/** A clock that can be sped up and jumped forward (tests, sandbox). Listeners hear every change so that timers
 * scheduled in real milliseconds can be re-aligned. */
export class AdjustableClock implements Clock {
  #base: number;
  #realBase = Date.now();
  #speed = 1;
  readonly #listeners = new Set<() => void>();

  constructor(start: number = Date.now()) {
    this.#base = start;
  }

  get speed(): number {
    return this.#speed;
  }

  now(): number {
    return Math.floor(this.#base + (Date.now() - this.#realBase) * this.#speed);
  }

  realDelayUntil(at: number): number {
    return Math.max(0, Math.ceil((at - this.now()) / this.#speed));
  }

  setSpeed(speed: number): void {
    this.#rebase();
    this.#speed = speed;
    this.#notify();
  }

  advance(ms: number): void {
    this.#rebase();
    this.#base += ms;
    this.#notify();
  }

  set(at: number): void {
    this.#rebase();
    this.#base = Math.max(this.#base, at);
    this.#notify();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #rebase(): void {
    this.#base = this.now();
    this.#realBase = Date.now();
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
