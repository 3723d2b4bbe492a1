#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that both work on a fresh machine with nothing but Node:
// installs the npm dependencies when they are missing, and a redis-server when none is reachable or installed.
// Plain Node (no dependencies), because it runs before they exist.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[setup] ${line}\n`);

function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  // `npm ci` installs exactly the lock file and never rewrites it, so a newcomer's tree stays clean and a lock file
  // that drifted from package.json is caught here rather than silently "fixed".
  say('installing npm dependencies (npm ci, first run)…');
  // --include=dev: with NODE_ENV=production npm would leave out TypeScript, which `npm start` needs to build dist/.
  const cmd = ['ci', '--include=dev', '--no-audit', '--no-fund'];
  const r = spawnSync('npm', cmd, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say('npm could not install the dependencies; check the network access to the npm registry and run `npm ci`.');
    process.exit(1);
  }
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function ensureRedisServer() {
  const needsBinary = process.env.npm_lifecycle_event === 'pretest' || !process.env.REDIS_URL;
  if (!needsBinary || has('redis-server') || process.env.REDIS_SERVER_BIN) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    say('redis-server not found; installing it with apt-get…');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      if (has('redis-server')) return;
    } catch {
      // fall through to the explanation below
    }
  }
  say(
    'redis-server is needed but was not found. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
      'macOS: `brew install redis`) or set REDIS_URL to a running Redis.',
  );
  process.exit(1);
}

ensureDependencies();
ensureRedisServer();
