#!/usr/bin/env node
// Installs the workspace's npm dependencies when they are missing or stale, then checks the
// native pieces whose install scripts npm may not run (esbuild's binary, Nx's native binding).
// Idempotent and quiet when there is nothing to do; the README's commands start with it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`smoke-repair needs Node.js >= 20.19 (this is ${process.version}).`);
  process.exit(2);
}

const lock = readFileSync(join(root, 'package-lock.json'));
const digest = createHash('sha256').update(lock).digest('hex');
const stamp = join(root, 'node_modules', '.smoke-repair-install');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  // `npm ci`: exactly the committed lock (complete, with every platform's optional entries), and
  // never a rewrite of a tracked file.
  console.log('bootstrap: installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  writeFileSync(
    stamp,
    createHash('sha256')
      .update(readFileSync(join(root, 'package-lock.json')))
      .digest('hex'),
  );
}

const require = createRequire(join(root, 'package.json'));
try {
  require('esbuild').transformSync('const a: number = 1', { loader: 'ts' });
} catch (error) {
  console.error('bootstrap: esbuild cannot run its native binary:', error.message);
  process.exit(3);
}
try {
  execFileSync(join(root, 'node_modules', '.bin', 'nx'), ['--version'], { cwd: root, stdio: 'ignore' });
} catch (error) {
  console.error('bootstrap: nx does not start:', error.message);
  process.exit(3);
}
