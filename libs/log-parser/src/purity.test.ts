import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLogs } from './parse-logs.js';
import { CAPTURE_ROOT, loadFixtures } from './test-support/fixtures.js';

// parseLogs reads nothing but its input: the same text and options give byte-identical JSON
// whether the app root exists on this machine, is empty, or holds the app's very sources.
const fixtures = loadFixtures();
const scratch = mkdtempSync(join(tmpdir(), 'log-parser-purity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function withRoot(log: string, appRoot: string): string {
  return log.split(CAPTURE_ROOT).join(appRoot);
}

describe('parseLogs is pure', () => {
  it.each(fixtures)('gives the same JSON for $name whatever is on disk under appRoot', ({ log, expect: truth }) => {
    const root = join(scratch, 'absent');
    const appRoot = withRoot(truth.appRoot, root);
    const text = withRoot(log, root);
    const before = JSON.stringify(parseLogs(text, { appRoot }));
    // Now put real sources (the fixture programs' own, Java included) where the log says they are.
    cpSync(join(import.meta.dirname, '..', '..', '..', 'tools', 'fixtures', 'log-parser'), root, { recursive: true });
    try {
      expect(JSON.stringify(parseLogs(text, { appRoot }))).toBe(before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
