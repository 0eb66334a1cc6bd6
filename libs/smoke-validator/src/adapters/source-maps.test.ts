import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceMap } from '@jridgewell/trace-mapping';
import { parseLogs } from '@smoke-repair/log-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { createSourceMapResolver, inlineSourceMap, originalPositionIn, sourceMappingUrlOf } from './source-maps.js';

// A real capture (test-support/ts-source-map/README.md): tsc's output and map, and the same crash
// printed by plain `node` and by `node --enable-source-maps` (Node's own mapping: the truth).
const capture = join(import.meta.dirname, 'test-support', 'ts-source-map');
const CAPTURE_ROOT = '/tmp/tsmap-capture';
const scratch = mkdtempSync(join(tmpdir(), 'source-maps-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The app as it was on disk: dist/ plus the original source the map names.
function appCopy(): string {
  const root = join(scratch, `app-${Math.random().toString(36).slice(2)}`);
  cpSync(join(capture, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(capture, 'orders.ts.txt'), join(root, 'src', 'orders.ts'));
  return root;
}
const log = (name: string, root: string) => readFileSync(join(capture, name), 'utf8').split(CAPTURE_ROOT).join(root);
const positions = (frames: readonly { file: string; line: number; column?: number }[]) =>
  frames.map((f) => `${f.file}:${f.line}:${f.column ?? ''}`);

describe('source maps', () => {
  it('map a tsc-compiled trace to the positions node --enable-source-maps prints', () => {
    const root = appCopy();
    const mapped = parseLogs(log('plain.log', root), {
      appRoot: root,
      originalPosition: createSourceMapResolver(root),
    });
    const truth = parseLogs(log('mapped.log', root), { appRoot: root });
    expect(mapped).toHaveLength(1);
    expect(positions(mapped[0]!.frames)).toEqual(positions(truth[0]!.frames));
    expect(mapped[0]!.culprit).toMatchObject({
      file: join(root, 'src/orders.ts'),
      line: 17,
      function: 'priceOf',
      inApp: true,
    });
    expect(mapped[0]!.signature).toMatchObject({ file: 'src/orders.ts', line: 17 });
  });

  it('leave the compiled position when the original source is not there', () => {
    const root = appCopy();
    rmSync(join(root, 'src'), { recursive: true });
    const [trace] = parseLogs(log('plain.log', root), {
      appRoot: root,
      originalPosition: createSourceMapResolver(root),
    });
    expect(trace!.culprit).toMatchObject({ file: join(root, 'dist/orders.js'), line: 16 });
  });

  it('read each compiled file once, and only files of the app', () => {
    const reads: string[] = [];
    const resolver = createSourceMapResolver('/app', {
      read: (p) => (
        reads.push(p),
        p.endsWith('.map')
          ? readFileSync(join(capture, 'dist/orders.js.map'), 'utf8')
          : '1;\n//# sourceMappingURL=orders.js.map\n'
      ),
      exists: () => true,
    });
    expect(resolver({ file: '/app/dist/orders.js', line: 16, column: 15 })).toEqual({
      file: '/app/src/orders.ts',
      line: 17,
      column: 39,
    });
    expect(resolver({ file: '/app/dist/orders.js', line: 10, column: 66 })).toEqual({
      file: '/app/src/orders.ts',
      line: 12,
      column: 62,
    });
    expect(resolver({ file: '/app/node_modules/x/index.js', line: 1, column: 1 })).toBeNull();
    expect(resolver({ file: '/elsewhere/dist/orders.js', line: 1, column: 1 })).toBeNull();
    expect(resolver({ file: 'dist/orders.js', line: 1, column: 1 })).toBeNull();
    expect(reads).toEqual(['/app/dist/orders.js', '/app/dist/orders.js.map']);
  });

  it('find the mapping comment and inline maps', () => {
    expect(sourceMappingUrlOf('a();\n//# sourceMappingURL=a.js.map\n')).toBe('a.js.map');
    expect(sourceMappingUrlOf('a(); // no map\n')).toBeNull();
    const json = readFileSync(join(capture, 'dist/orders.js.map'), 'utf8');
    expect(inlineSourceMap(`data:application/json;charset=utf-8;base64,${Buffer.from(json).toString('base64')}`)).toBe(
      json,
    );
    expect(inlineSourceMap('orders.js.map')).toBeNull();
  });

  it('map a line without a column to its first mapping (Node banners)', () => {
    const map = new TraceMap(readFileSync(join(capture, 'dist/orders.js.map'), 'utf8'), '/app/dist/orders.js.map');
    expect(originalPositionIn(map, { line: 16, column: 0 })).toMatchObject({ file: '/app/src/orders.ts', line: 17 });
    expect(originalPositionIn(map, { line: 500, column: 3 })).toBeNull();
  });
});
