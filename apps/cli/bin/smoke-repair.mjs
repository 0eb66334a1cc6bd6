#!/usr/bin/env node
// The installed bin: a stable file npm can link at install time, in front of the bundle that
// `nx build cli` (tsup) writes to dist/. In a fresh clone, build first (`npm run demo` does).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('smoke-repair: the CLI is not built yet; run `npx nx build cli` (or `npm run demo`) first.\n');
  process.exit(3);
}
await import(bundle.href);
