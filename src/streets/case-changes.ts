/** Committed changes to cases, announced by the streets' services and heard by whoever follows them (the timers).
 * The services are built before the timers (the timers run through the services), so the timers subscribe after
 * both exist instead of being captured before they do. */
export class CaseChanges {
  readonly #listeners: ((caseId: string) => Promise<void>)[] = [];

  subscribe(listener: (caseId: string) => Promise<void>): void {
    this.#listeners.push(listener);
  }

  async notify(caseId: string): Promise<void> {
    for (const listener of this.#listeners) await listener(caseId);
  }
}
