import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnRedline } from '../../test/support/spawn-redline.js';
import { createApiKey, signIn, type AppClient } from '../../test/reliability/support/app-client.js';

const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'connect-probe.mjs');

export interface RedlineProcessOptions {
  /** The config file's content (providers, aliases, resilience). */
  config: Record<string, unknown>;
  /** Reuse a data dir (crash cycles); a new temp dir otherwise. */
  dataDir?: string;
  /** Log every TCP connection Redline's fetch tries to open (see connect-probe.mjs). */
  countConnects?: boolean;
}

/** `redline serve` in its own process, as users run it, with a session and an API key for its owner. */
export class RedlineProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly app: AppClient,
    readonly apiKey: string,
    readonly dataDir: string,
    private readonly connectLog: string | null,
    private readonly ownsDir: boolean,
  ) {}

  static async start(options: RedlineProcessOptions): Promise<RedlineProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'redline-bench-'));
    const configPath = path.join(dataDir, 'bench.config.json');
    writeFileSync(configPath, JSON.stringify(options.config, null, 2));
    const connectLog = options.countConnects ? path.join(dataDir, 'connects.log') : null;
    const env: Record<string, string> = {
      REDLINE_DATA_DIR: dataDir,
      REDLINE_CONFIG: configPath,
      // Failures are the point of these scenarios; logging each one would measure the logger.
      LOG_LEVEL: 'error',
    };
    if (connectLog) {
      env.REDLINE_BENCH_CONNECT_LOG = connectLog;
      env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${probe}`.trim();
    }
    const { child, url } = await spawnRedline(env);
    const app = await signIn(url);
    const apiKey = await createApiKey(app);
    return new RedlineProcess(child, url, app, apiKey, dataDir, connectLog, options.dataDir === undefined);
  }

  /** Connection attempts (and refusals) to `port` since start, from connect-probe.mjs. */
  connects(port: number): { attempts: number; refused: number } {
    if (!this.connectLog || !existsSync(this.connectLog)) return { attempts: 0, refused: 0 };
    let attempts = 0;
    let refused = 0;
    for (const line of readFileSync(this.connectLog, 'utf8').split('\n')) {
      const [kind, p] = line.split(' ');
      if (Number(p) !== port) continue;
      if (kind === 'connect') attempts++;
      else if (kind === 'refused') refused++;
    }
    return { attempts, refused };
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  async health(): Promise<{ key: string; state: string; failures: number }[]> {
    return ((await (await fetch(`${this.url}/healthz`)).json()) as { providers: { key: string; state: string; failures: number }[] }).providers;
  }

  /** kill -9: no shutdown hook runs. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  /** A clean stop (SIGTERM); removes the data dir unless it was given. */
  async close(): Promise<void> {
    await this.stop('SIGTERM');
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
