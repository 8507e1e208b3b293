import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { serverVersion } from './bench-database';

/** What the numbers were measured on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly postgres: string;
  readonly pglite: string;
  readonly load: string;
}

/** Describes this machine, the Node version and the Postgres server (when reachable). */
export async function describeMachine(databaseUrl: string | undefined): Promise<MachineInfo> {
  const processors = cpus();
  let postgres = 'not used';
  if (databaseUrl) {
    try {
      // "PostgreSQL 15.20 (Debian ...) on x86_64-pc-linux-gnu, ..." → "PostgreSQL 15.20 (Debian ...)"
      postgres = (await serverVersion(databaseUrl)).split(' on ')[0] ?? 'unknown';
    } catch (error) {
      postgres = `unreachable (${(error as Error).message})`;
    }
  }
  const pglite = packageVersion('@electric-sql/pglite');
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    pglite: `@electric-sql/pglite ${pglite}`,
    load: loadAverage(),
  };
}

/** The 1/5/15-minute load averages: a busy machine shows here. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

/** A dependency's version from bench's own node_modules (its package.json is not in its exports). */
export function packageVersion(name: string): string {
  try {
    const file = new URL(`./node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
