import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseLogs, type StackTrace } from '@smoke-repair/log-parser';
import { createSourceMapResolver } from '@smoke-repair/smoke-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { locateCulprit } from '../localize.js';
import { memoryTree } from './test-support/memory-tree.js';

// A real capture (test-support/ts-trace-capture/README.md): a TypeScript service built by tsc to
// dist/ with source maps, and the same failing request logged by plain `node` and by
// `node --enable-source-maps` (Node's own mapping: the truth).
const capture = join(import.meta.dirname, 'test-support', 'ts-trace-capture');
const CAPTURE_ROOT = '/tmp/ts12-capture';
const scratch = mkdtempSync(join(tmpdir(), 'ts-trace-capture-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The sources as they were compiled, by their tree paths (`src/services/lessons.service.ts`).
function sources(dir = join(capture, 'src'), out: Record<string, string> = {}): Record<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else out[relative(capture, path).replace(/\.txt$/, '')] = readFileSync(path, 'utf8');
  }
  return out;
}

// The app as it was on disk (dist/ and src/), under a fresh root the logs are rewritten to name.
function appCopy(): string {
  const root = join(scratch, `app-${Math.random().toString(36).slice(2)}`);
  cpSync(join(capture, 'dist'), join(root, 'dist'), { recursive: true });
  for (const path of Object.keys(sources())) cpSync(join(capture, `${path}.txt`), join(root, path));
  return root;
}
const log = (name: string, root: string) => readFileSync(join(capture, name), 'utf8').split(CAPTURE_ROOT).join(root);
const inApp = (trace: StackTrace, root: string) =>
  trace.frames.filter((f) => f.file.startsWith(root)).map((f) => `${relative(root, f.file)}:${f.line}`);

describe('a tsc-built service run without --enable-source-maps (captured trace)', () => {
  it('maps every dist frame to the src/*.ts position node --enable-source-maps prints', () => {
    const root = appCopy();
    const [mapped] = parseLogs(log('plain.log', root), {
      appRoot: root,
      originalPosition: createSourceMapResolver(root),
    });
    const [truth] = parseLogs(log('mapped.log', root), { appRoot: root });
    expect(inApp(mapped!, root)).toEqual(inApp(truth!, root));
    // Outermost first: the controller's await, then the service line that threw.
    expect(inApp(mapped!, root)).toEqual([
      'src/controllers/lessons.controller.ts:8',
      'src/services/lessons.service.ts:20',
    ]);
  });

  it('localises the culprit to the TypeScript source, never to the compiled file', async () => {
    const root = appCopy();
    const tree = memoryTree(sources(), root);
    const [mapped] = parseLogs(log('plain.log', root), {
      appRoot: root,
      originalPosition: createSourceMapResolver(root),
    });
    expect(await locateCulprit(mapped!, tree)).toMatchObject({
      file: 'src/services/lessons.service.ts',
      line: 20,
      function: expect.stringContaining('view'),
    });
    expect(sources()['src/services/lessons.service.ts']!.split('\n')[19]).toContain('teacher!.name');
    // Unmapped, the same log names the build output: the file a patch must not touch.
    const [plain] = parseLogs(log('plain.log', root), { appRoot: root });
    expect(plain!.culprit).toMatchObject({ file: join(root, 'dist/services/lessons.service.js'), line: 15 });
  });
});
