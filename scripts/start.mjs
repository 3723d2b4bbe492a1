#!/usr/bin/env node
// `npm start`. With NODE_ENV=production it runs the compiled service (`node --enable-source-maps dist/main.js`),
// building dist/ first when it is missing or older than src/: no TypeScript compiler in the start path, and stack
// traces that name the .ts lines. Otherwise it runs from source with tsx, as the sandbox and the tests do.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV === 'production';

/** The newest modification time of any file under dir (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function distIsStale() {
  const main = join(root, 'dist', 'main.js');
  if (!existsSync(main)) return true;
  // An image ships dist/ without src/: nothing to compare with, so dist/ is what there is.
  return newest(join(root, 'src')) > statSync(main).mtimeMs;
}

let args;
if (production) {
  if (distIsStale()) {
    const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  args = ['--enable-source-maps', join(root, 'dist', 'main.js')];
} else {
  args = ['--import', 'tsx', join(root, 'src', 'main.ts')];
}

const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
// The service shuts down gracefully on SIGTERM/SIGINT; pass them on and leave with its exit code.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
