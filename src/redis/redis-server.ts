import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { StartupError } from '../errors.js';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kill without a chance to save (fault tests). */
  kill(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a private redis-server on loopback: append-only persistence under `dir` when `persist`, otherwise
 * nothing on disk. Used by the service when REDIS_URL is unset, and by every test file. */
export async function startRedisServer(opts: { dir: string; persist: boolean; port?: number }): Promise<RedisServer> {
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  let proc: ChildProcess;
  try {
    proc = spawn(bin, serverArgs(port, opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new StartupError(`cannot start ${bin}: ${(err as Error).message}`);
  }
  await ready(proc);
  proc.stdout!.resume();
  proc.stderr!.resume();
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => proc.kill('SIGKILL'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Loopback only, no RDB snapshots, AOF only when asked, never evict (a lost job would be a lost timer). */
function serverArgs(port: number, opts: { dir: string; persist: boolean }): string[] {
  return [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir, '--save', ''],
    ...['--appendonly', opts.persist ? 'yes' : 'no', '--appendfsync', 'everysec'],
    ...['--maxmemory-policy', 'noeviction', '--hz', '100', '--protected-mode', 'yes'],
  ];
}

/** Resolves when the server says it accepts connections; a missing binary or an early exit is a StartupError
 * that tells the operator what to do. */
function ready(proc: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new StartupError(`redis-server did not start within 10 s: ${out}`)), 10_000);
    proc.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new StartupError(
          err.code === 'ENOENT'
            ? 'redis-server was not found: install it (apt-get install redis-server / brew install redis) or set REDIS_URL'
            : `cannot start redis-server: ${err.message}`,
        ),
      );
    });
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new StartupError(`redis-server exited with code ${code}: ${out.slice(-500)}`));
    });
  });
}
