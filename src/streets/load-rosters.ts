import { StartupError } from '../errors.js';
import type { Roster } from '../roster/roster.js';
import { rosterFiles } from '../roster/roster-files.js';
import { loadRosterFile, RosterError } from '../roster/roster-load.js';
import { streetConflicts } from './streets.js';

/** Every roster file (one per street), each valid and none in conflict with another, or one line saying why. */
export function loadRosters(spec: string): { file: string; roster: Roster }[] {
  const rosters = rosterFiles(spec).map((file) => {
    try {
      return { file, roster: loadRosterFile(file) };
    } catch (err) {
      if (err instanceof RosterError) throw new StartupError(`ROSTER_FILE ${file} is invalid: ${err.message}`);
      throw err;
    }
  });
  if (rosters.length === 0) throw new StartupError(`ROSTER_FILE ${spec} holds no roster (*.yaml)`);
  const conflict = streetConflicts(rosters);
  if (conflict) throw new StartupError(`ROSTER_FILE: ${conflict}`);
  return rosters;
}
