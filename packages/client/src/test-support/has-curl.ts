import { execFileSync } from 'node:child_process';

/** Whether the system's `curl` can be run: the tests that paste a printed curl line skip without it. */
export const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
