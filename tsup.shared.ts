import { defineConfig, type Options } from 'tsup';

/** One build shape for every published package: dual ESM + CJS with types, nothing bundled from node_modules. */
export function packageBuild(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    ...extra,
  });
}
