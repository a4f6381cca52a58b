import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Faults } from '../../test/fake-upstream/index.js';
import type { FakeCounters, HostCommand, HostReply, HostSpec } from './fake-host.js';

const hostScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-host.ts');

type Command = HostCommand extends infer C ? (C extends HostCommand ? Omit<C, 'id'> : never) : never;

/** Fake upstreams running in a child process (see fake-host.ts for why). */
export class FakeFleet {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: HostReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL (with /v1) and port per fake name. */
    readonly fakes: Record<string, { url: string; port: number }>,
  ) {
    child.on('message', (message: HostReply) => {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /** Starts the fakes of `spec` in a new process and waits until they listen. */
  static async start(spec: HostSpec): Promise<FakeFleet> {
    const child = fork(hostScript, [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<{ name: string; url: string; port: number }[]>((resolve, reject) => {
      child.once('message', (message: { ready?: { name: string; url: string; port: number }[] }) => (message.ready ? resolve(message.ready) : reject(new Error('fake host: unexpected first message'))));
      child.once('exit', (code) => reject(new Error(`fake host exited with ${code}`)));
    });
    return new FakeFleet(child, Object.fromEntries(ready.map((f) => [f.name, { url: f.url, port: f.port }])));
  }

  url(name: string): string {
    const fake = this.fakes[name];
    if (!fake) throw new Error(`no fake named ${name}`);
    return fake.url;
  }

  port(name: string): number {
    return this.fakes[name].port;
  }

  async stats(): Promise<Record<string, FakeCounters>> {
    return (await this.send({ cmd: 'stats' })).stats ?? {};
  }

  /** Clears every fake's counters and re-seeds its PRNG (faults stay). */
  async reset(): Promise<void> {
    await this.send({ cmd: 'reset' });
  }

  async setFaults(name: string, faults: Faults): Promise<void> {
    await this.send({ cmd: 'setFaults', name, faults });
  }

  /** Closes the fake's port for good: connections to it are refused. */
  async stopListening(name: string): Promise<void> {
    await this.send({ cmd: 'stopListening', name });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send({ cmd: 'close' }).catch(() => undefined);
    await exited;
  }

  private send(command: Command): Promise<Extract<HostReply, { ok: true }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
      this.child.send({ ...command, id } as HostCommand);
    });
  }
}
