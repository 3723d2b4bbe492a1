import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** ROSTER_FILE names one roster, several separated by commas, or a directory whose `*.yaml` files are the
 * rosters: one per street served by this deployment. */
export function rosterFiles(spec: string): string[] {
  const files = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((p) => {
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        return [p]; // the loader says the file is missing, with its name
      }
      if (!isDir) return [p];
      return readdirSync(p)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(p, f));
    });
  return [...new Set(files)];
}
