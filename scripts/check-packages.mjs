// Packs every published package the way `pnpm publish` would (publishConfig applied), then runs publint
// and @arethetypeswrong/cli on the tarball. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const packages = readdirSync(join(root, 'packages')).filter((name) => only.length === 0 || only.includes(name));
const out = mkdtempSync(join(tmpdir(), 'coursesync-pack-'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = false;

try {
  for (const name of packages) {
    const dir = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const before = new Set(readdirSync(out));
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'ignore' });
    const tarball = readdirSync(out).find((file) => !before.has(file));
    if (!tarball) throw new Error(`pnpm pack wrote nothing for ${manifest.name}`);
    for (const [tool, args] of [
      ['publint', ['run', '--strict', join(out, tarball)]],
      ['attw', [join(out, tarball), '--profile', 'node16', '--format', 'table-flipped']],
    ]) {
      console.log(`\n> ${tool} ${manifest.name}`);
      try {
        execFileSync(bin(tool), args, { cwd: dir, stdio: 'inherit' });
      } catch {
        failed = true;
      }
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failed) {
  console.error('\nPackage checks failed.');
  process.exit(1);
}
console.log('\nPackage checks passed.');
