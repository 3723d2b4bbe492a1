import { unwatchFile, watchFile } from 'node:fs';
import type { Logger } from '../log.js';
import type { Roster } from './roster.js';
import { RosterError } from './roster-load.js';
import { loadRosterFileAsync } from './roster-load-async.js';

export type ReloadResult = { ok: true } | { ok: false; error: string };

export interface RosterHolder {
  get(): Roster;
  /** Validates the file first; a bad roster keeps the old one and says why. One reload runs at a time. */
  reload(): Promise<ReloadResult>;
  stop(): void;
}

/** The live roster: replaced whole when the file changes (or on POST /api/roster/reload), never half-applied.
 * Reloads never overlap: while one runs, every further request joins a single follow-up reload (the file may
 * have changed after the running one read it), so a burst of requests costs at most two parses. */
export function holdRoster(
  file: string,
  initial: Roster,
  log: Logger,
  hooks: { onReloaded?(r: Roster): void; onRejected?(error: string, current: Roster): void },
  watchIntervalMs = 2_000,
): RosterHolder {
  let current = initial;
  let running: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;
  const once = async (): Promise<ReloadResult> => {
    try {
      const next = await loadRosterFileAsync(file);
      // Cases, numbers and digests are keyed by the street: a file cannot become another street in place.
      if (next.street.id !== current.street.id)
        throw new RosterError(
          `street.id changed from ${current.street.id} to ${next.street.id}; add a new file instead`,
        );
      current = next;
      log.info(
        { file, departments: current.departments.length, categories: current.categories.length },
        'roster reloaded',
      );
      hooks.onReloaded?.(current);
      return { ok: true };
    } catch (err) {
      const error = err instanceof RosterError ? err.message : String(err);
      log.error({ file, error }, 'roster rejected; keeping the previous one');
      hooks.onRejected?.(error, current);
      return { ok: false, error };
    }
  };
  const reload = (): Promise<ReloadResult> => {
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return reload();
    });
    return queued;
  };
  const onChange = (now: { mtimeMs: number }, prev: { mtimeMs: number }) => {
    if (now.mtimeMs !== prev.mtimeMs) void reload();
  };
  watchFile(file, { interval: watchIntervalMs, persistent: false }, onChange);
  return { get: () => current, reload, stop: () => unwatchFile(file, onChange) };
}
