import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** The Drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** True when the pgvector extension is available (PGlite always; a server only if installed). */
  hasVector: boolean;
  /**
   * True when no other process can write this store (PGlite: one process holds its data dir), so
   * in-process read caches that follow this process's own writes stay exact. False for a server,
   * which several Redline instances may share.
   */
  singleWriter: boolean;
  /**
   * Housekeeping a server does on its own: PGlite runs no autovacuum, so dead rows (every update
   * leaves one) and stale planner statistics pile up until VACUUM ANALYZE runs. No-op on a server.
   */
  maintain(): Promise<void>;
  /**
   * After a bulk write (an import): fresh planner statistics for the tables it filled. PGlite has no
   * autovacuum to notice, and until the hourly `maintain` its planner takes a user's thousand
   * memories for one row and scans them all where an index lookup would do. No-op on a server.
   */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://... to use a server; otherwise PGlite. */
  databaseUrl?: string | null;
  /** PGlite's directory; null keeps it in memory (tests). */
  pgliteDir?: string | null;
  /** Told when the Postgres server drops an idle connection (the pool replaces it on the next query). */
  onConnectionError?: (error: Error) => void;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens the store and brings its schema up to date with the same migrations on both drivers. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.onConnectionError);
  return openPglite(options.pgliteDir ?? null);
}

/**
 * PGlite's defaults with smaller buffers: 128 MB of shared buffers is sized for a server, while one
 * person's data fits in far less (the OS caches the files). Saves about 140 MB of resident memory.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB', '-c', 'temp_buffers=4MB', '-c', 'wal_buffers=1MB'];

async function openPglite(dir: string | null): Promise<Database> {
  if (dir) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await initPgliteDir(dir);
  }
  const client = await PGlite.create({ dataDir: dir ?? undefined, extensions: { vector }, startParams: PGLITE_START_PARAMS });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await db.execute(sql`create extension if not exists vector`);
  // The planner prices a full-text match (@@) like an integer comparison, so for a heavy user it scans
  // every row and evaluates a dozen prefix terms on each (15 ms) instead of reading the GIN index (3 ms).
  // Pricing the match closer to its real cost lets it pick the index (eval:memory p95 28 → 22 ms).
  // Only here: on a server this is the DBA's call, and a managed one would refuse it.
  await client.exec('ALTER FUNCTION ts_match_vq(tsvector, tsquery) COST 20');
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    hasVector: true,
    singleWriter: true,
    maintain: async () => void (await client.exec('VACUUM ANALYZE')),
    refreshStatistics: async () => void (await client.exec('ANALYZE conversations, messages, memories')),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, onConnectionError: (error: Error) => void = () => undefined): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (a restart, a failover, an admin's terminate) is replaced on
  // the next query; without a listener pg would raise it as an uncaught exception and end the process.
  pool.on('error', onConnectionError);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  let hasVector = false;
  try {
    await db.execute(sql`create extension if not exists vector`);
    hasVector = true;
  } catch {
    // No pgvector on this server (Debian's Postgres 15 ships none): vector search falls back to exact similarity.
  }
  await migratePg(drizzlePg(pool), { migrationsFolder });
  return { db, kind: 'postgres', hasVector, singleWriter: false, maintain: async () => undefined, refreshStatistics: async () => undefined, close: () => pool.end() };
}

/** Runs initdb for a new data directory in a child process (see init-pglite-dir.mjs for why). */
function initPgliteDir(dir: string): Promise<void> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'init-pglite-dir.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, dir, ...PGLITE_START_PARAMS], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`Could not create the embedded database in ${dir}: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve();
    });
  });
}
