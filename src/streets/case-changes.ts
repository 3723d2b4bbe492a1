import type { CaseState } from '../whistle/store.js';

type Listener = (caseId: string, committed?: CaseState) => Promise<void>;

/** Committed changes to cases, announced by the streets' services and heard by whoever follows them (the timers).
 * The services are built before the timers (the timers run through the services), so the timers subscribe after
 * both exist instead of being captured before they do. */
export class CaseChanges {
  readonly #listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.#listeners.push(listener);
  }

  /** `committed`: the state the change committed, when the caller has it (listeners then need not read it). */
  async notify(caseId: string, committed?: CaseState): Promise<void> {
    for (const listener of this.#listeners) await listener(caseId, committed);
  }
}
