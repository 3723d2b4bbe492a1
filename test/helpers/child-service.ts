import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './wait.js';

/** The service as its own process (`src/main.ts`), so that a test can kill it the hard way. */
export class ChildService {
  #proc?: ChildProcess;
  readonly output: string[] = [];
  url = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const proc = spawn(
      process.execPath,
      [
        ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
        '--import',
        'tsx',
        'src/main.ts',
      ],
      {
        env: { ...process.env, LOG_LEVEL: 'info', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#proc = proc;
    proc.stdout!.on('data', (c: Buffer) => this.output.push(c.toString()));
    proc.stderr!.on('data', (c: Buffer) => this.output.push(c.toString()));
    this.url = `http://127.0.0.1:${this.env.PORT}`;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`the service exited: ${this.output.join('').slice(-2000)}`);
        return (await fetch(`${this.url}/readyz`).catch(() => undefined))?.status === 200;
      },
      'the service process ready',
      90_000, // a busy machine may take this long to load tsx, migrate and connect
    );
  }

  /** SIGKILL: no shutdown hooks, no flush, whatever was in flight is cut off. */
  kill(): Promise<void> {
    return this.#signal('SIGKILL');
  }

  stop(): Promise<void> {
    return this.#signal('SIGTERM');
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const p = this.#proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
