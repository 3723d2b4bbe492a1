import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Roster } from './roster.js';
import { loadRosterFile, MAX_ROSTER_BYTES, RosterError } from './roster-load.js';
import type { RosterFile } from './roster-schema.js';

/** Up to this size a roster parses in a few tens of milliseconds: in-process. Above it (up to MAX_ROSTER_BYTES),
 * YAML parsing takes seconds, which would stall the service's answers to Lark: a child process does it. */
export const IN_PROCESS_BYTES = 128 * 1024;
const CHILD = fileURLToPath(new URL('./roster-child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;

/** Loads and validates a roster without blocking the event loop for long; the errors are the same RosterErrors. */
export async function loadRosterFileAsync(file: string): Promise<Roster> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return loadRosterFile(file); // says why it cannot be read, naming the file
  }
  if (size <= IN_PROCESS_BYTES || size > MAX_ROSTER_BYTES) return loadRosterFile(file);
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD, file],
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 8 * MAX_ROSTER_BYTES, windowsHide: true },
      (err, stdout) =>
        err
          ? reject(new RosterError(`${file}: the roster could not be checked (${err.message.split('\n')[0]})`))
          : resolve(stdout),
    ),
  );
  const r = JSON.parse(out) as { ok: true; data: RosterFile } | { ok: false; error: string };
  if (!r.ok) throw new RosterError(r.error);
  return new Roster(r.data);
}
