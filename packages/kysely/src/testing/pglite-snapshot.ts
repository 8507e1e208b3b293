import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { loadPGlite } from '../create-database';

type PGliteClass = typeof PGlite;

// Starting PGlite runs initdb, which takes 5-15 s on a busy machine; loading a dump of a freshly initialised
// data directory takes 1-2 s. The dump is cached once per process and in the temp dir across processes.
let snapshot: Promise<Blob> | undefined;

/** A new, empty in-memory PGlite, started from the cached snapshot of an initialised data directory. */
export async function startEmptyPGlite(): Promise<PGlite> {
  const [{ PGlite }] = await loadPGlite();
  const file = join(tmpdir(), `coursesync-pglite-${fingerprint(PGlite)}.tar.gz`);
  snapshot ??= readFile(file).then(
    (bytes) => new Blob([bytes]),
    () => initialise(PGlite, file),
  );
  try {
    return await PGlite.create({ loadDataDir: await snapshot });
  } catch {
    // A damaged or incompatible cache file: rebuild it once.
    await rm(file, { force: true });
    snapshot = initialise(PGlite, file);
    return PGlite.create({ loadDataDir: await snapshot });
  }
}

async function initialise(PGlite: PGliteClass, file: string): Promise<Blob> {
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('gzip');
    // Write then rename, so a parallel test process never reads half a file.
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()))
      .then(() => rename(partial, file))
      .catch(() => rm(partial, { force: true }));
    return dump;
  } finally {
    await pglite.close();
  }
}

/** Identifies the PGlite build (its code), so a dump from another version is never loaded. */
function fingerprint(PGlite: PGliteClass): string {
  return createHash('sha256').update(String(PGlite)).digest('hex').slice(0, 16);
}
