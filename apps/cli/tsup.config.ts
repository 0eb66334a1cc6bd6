import { defineConfig } from 'tsup';

// The CLI ships as one file: workspace libraries are bundled in from their sources,
// third-party dependencies listed in package.json `dependencies` stay external (dockerode with its
// optional native ssh2/cpu-features, execa with CommonJS cross-spawn), everything else is bundled.
// repair-agent requires typescript-estree (and TypeScript) at run time, on the first TypeScript
// file only: a dependency of the CLI, never bundled.
// CommonJS code bundled into the ESM file gets a real `require` for Node built-ins.
// One ajv: the root package.json's devDependency `ajv@^8` hoists ajv 8 to the root, where
// smoke-validator and ajv-formats both find it (eslint keeps its ajv 6 in its own folder);
// src/bundle-packages.test.ts fails when any package is bundled from two folders.
// A second entry: the loop's verify program (an agent's default `$SMOKE_REPAIR_VERIFY_CMD`), run
// by its path beside the bundle (`./verify-cause.js`, where the bundled loop looks for it). Not
// split: each entry is one self-contained file, like the CLI.
export default defineConfig({
  entry: { cli: 'src/main.ts', 'verify-cause': '../../libs/loop-controller/src/verify/verify-cause.ts' },
  splitting: false,
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
  external: ['dockerode', 'execa'],
  // The config's JSON Schema, shipped beside the bundle (init's "$schema" points at it): generated
  // by the bundle itself from the loader's zod schemas, so it cannot drift from them.
  onSuccess: 'node dist/cli.js config --json-schema > config.schema.json',
  banner: {
    js:
      "#!/usr/bin/env node\nimport { createRequire as __smokeRepairCreateRequire } from 'node:module';\n" +
      'const require = __smokeRepairCreateRequire(import.meta.url);',
  },
});
