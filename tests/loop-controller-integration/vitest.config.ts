import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, so tests never need a prior build.
// The CLI does: the test target depends on cli:build (package.json), and the tests run its dist.
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
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Real processes, ports, git repos and a Neo4j instance: run files one after another.
    fileParallelism: false,
  },
});
