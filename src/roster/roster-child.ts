/** Run as its own process (`node --import tsx roster-child.ts <file>`): parses and validates a roster away from the
 * service's event loop and prints `{"ok": true, "data": …}` or `{"ok": false, "error": "<file:line: why>"}`. */
import { loadRosterFile, RosterError } from './roster-load.js';

const file = process.argv[2] ?? '';
try {
  const roster = loadRosterFile(file);
  process.stdout.write(JSON.stringify({ ok: true, data: roster.data }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: err instanceof RosterError ? err.message : String(err) }));
}
