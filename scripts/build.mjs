#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with source maps (plain tsc, no bundler: the output keeps src/'s layout,
// so files found relative to import.meta.url resolve the same way from dist/ as from src/), then copies the
// sandbox's static files beside their module. Card templates stay in cards/ at the root, which
// dist/cards/render-card.js reaches as ../../cards/ exactly as src/cards/render-card.ts does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const say = (line) => process.stderr.write(`[build] ${line}\n`);

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  say('TypeScript is not installed (it is a dev dependency): run `npm ci` (without --omit=dev) first.');
  process.exit(1);
}

// A clean output: a file deleted from src/ must not live on in dist/.
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  say('tsc failed; dist/ was not written.');
  process.exit(r.status ?? 1);
}
// Data that modules read beside themselves: the sandbox's page and the shipped intake model (without the model,
// intake would fall back to keywords alone and place far fewer cases).
for (const dir of [
  ['sandbox', 'public'],
  ['intake', 'model'],
]) {
  const from = join(root, 'src', ...dir);
  if (existsSync(from)) cpSync(from, join(dist, ...dir), { recursive: true });
}
say('dist/ is ready: node --enable-source-maps dist/main.js');
