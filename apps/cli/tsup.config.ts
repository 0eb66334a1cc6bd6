import { defineConfig } from 'tsup';

// The CLI ships as one file: workspace libraries are bundled in from their sources,
// third-party dependencies stay external and are installed from the package's dependencies.
export default defineConfig({
  entry: { cli: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@smoke-repair\//],
  esbuildOptions(options) {
    options.conditions = ['@smoke-repair/source'];
  },
  banner: { js: '#!/usr/bin/env node' },
});
