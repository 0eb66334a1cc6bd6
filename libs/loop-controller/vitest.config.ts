import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, so tests never need a prior build.
const conditions = ['@smoke-repair/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  root: import.meta.dirname,
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Each run gets its own TMPDIR, removed at the end (tools/vitest/temp-dir-setup.ts).
    globalSetup: ['../../tools/vitest/temp-dir-setup.ts'],
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
