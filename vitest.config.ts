import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One vitest project per workspace package, named after its folder (`vitest run --project core`).
const projects = ['packages', 'examples'].flatMap((group) =>
  readdirSync(new URL(`./${group}/`, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      extends: true as const,
      test: { name: entry.name, root: `./${group}/${entry.name}`, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
    })),
);
// Cross-package suites (generated payloads, database faults, several processes) live in their own project.
projects.push({ extends: true as const, test: { name: 'reliability', root: './reliability', include: ['src/**/*.test.ts'] } });

export default defineConfig({
  test: {
    projects,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
