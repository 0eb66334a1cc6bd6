import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { findRepairLoopConfig, loadRepairLoopConfig } from '../adapters/load-loop-config.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'loop-config-'));
const body = { smoke: { openapi: 'openapi.json' }, loop: { targetPassRate: 1 }, patterns: { store: 'file:p.jsonl' } };

describe('loadRepairLoopConfig: formats', () => {
  it('loads .mjs with a default object or a (async) function', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.mjs'), `export default ${JSON.stringify(body)};\n`);
    writeFileSync(
      join(dir, 'b.mjs'),
      `export default async ({ configPath }) => ({ ...${JSON.stringify(body)}, artifactsDir: ` +
        `configPath.endsWith('b.mjs') ? 'out' : 'wrong' });\n`,
    );
    const a = await loadRepairLoopConfig(join(dir, 'a.mjs'));
    expect(a.loop.targetPassRate).toBe(1);
    expect(a.smoke.smoke.openapi).toBe(join(dir, 'openapi.json'));
    expect(a.patterns.store).toBe(`file:${join(dir, 'p.jsonl')}`);
    expect((await loadRepairLoopConfig(join(dir, 'b.mjs'))).smoke.artifactsDir).toBe(join(dir, 'out'));
  });

  it('reads an edited .mjs again (no stale module cache)', async () => {
    const dir = scratch();
    const path = join(dir, 'smoke-repair.config.mjs');
    writeFileSync(path, `export default ${JSON.stringify(body)};\n`);
    expect((await loadRepairLoopConfig(path)).loop.maxIterations).toBe(10);
    writeFileSync(path, `export default ${JSON.stringify({ ...body, loop: { maxIterations: 4 } })};\n`);
    expect((await loadRepairLoopConfig(path)).loop.maxIterations).toBe(4);
  });

  it('loads .ts (types stripped by esbuild on Node 20) with relative imports, leaving no temp file', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'target.ts'), 'export const target: number = 0.9;\n');
    writeFileSync(
      join(dir, 'smoke-repair.config.ts'),
      `import { target } from './target';\n` +
        `interface Cfg { smoke: { openapi: string }; loop: { targetPassRate: number } }\n` +
        `const config: Cfg = { smoke: { openapi: '/openapi.json' }, loop: { targetPassRate: target } };\n` +
        `export default config;\n`,
    );
    const c = await loadRepairLoopConfig(join(dir, 'smoke-repair.config.ts'));
    expect(c.loop.targetPassRate).toBe(0.9);
    expect(readdirSync(dir).sort()).toEqual(['smoke-repair.config.ts', 'target.ts']);
  });

  it('names the field in a module config and explains a broken module', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.mjs'), `export default { smoke: { openapi: 'x' }, loop: { maxIterations: 0 } };\n`);
    await expect(loadRepairLoopConfig(join(dir, 'bad.mjs'))).rejects.toThrow(/loop\.maxIterations/);
    writeFileSync(join(dir, 'throws.mjs'), `throw new Error('boom');\n`);
    await expect(loadRepairLoopConfig(join(dir, 'throws.mjs'))).rejects.toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: /cannot load it: boom/,
    });
    writeFileSync(join(dir, 'nodefault.mjs'), `export const x = 1;\n`);
    await expect(loadRepairLoopConfig(join(dir, 'nodefault.mjs'))).rejects.toThrow(/no default export/);
    writeFileSync(join(dir, 'syntax.ts'), `export default {{;\n`);
    await expect(loadRepairLoopConfig(join(dir, 'syntax.ts'))).rejects.toBeInstanceOf(ConfigError);
    await expect(loadRepairLoopConfig(join(dir, 'missing.mjs'))).rejects.toThrow(/does not exist/);
    writeFileSync(join(dir, 'rejects.mjs'), `export default async () => { throw new Error('no secrets file'); };\n`);
    await expect(loadRepairLoopConfig(join(dir, 'rejects.mjs'))).rejects.toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: /cannot load it: no secrets file/,
    });
    writeFileSync(join(dir, 'never.mjs'), `export default () => new Promise(() => {});\n`);
    await expect(loadRepairLoopConfig(join(dir, 'never.mjs'), { loadTimeoutMs: 300 })).rejects.toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: /did not finish loading within 300 ms \(a default export whose promise never settles\?\)/,
    });
  });

  it('accepts $comment in every section it writes', async () => {
    const dir = scratch();
    const raw = {
      $comment: 'top',
      app: { $comment: 'a' },
      smoke: { $comment: 's', openapi: 'o.json' },
      loop: { $comment: ['l'] },
      repair: { $comment: 'r' },
      patterns: { $comment: 'p' },
    };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(raw));
    await expect(loadRepairLoopConfig(join(dir, 'c.json'))).resolves.toMatchObject({ loop: { maxIterations: 10 } });
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ ...raw, loop: { $coment: 'typo' } }));
    await expect(loadRepairLoopConfig(join(dir, 'd.json'))).rejects.toThrow(/\$coment/);
  });
});

describe('findRepairLoopConfig', () => {
  it('prefers .json, then .mjs, then .ts; else names the .json', () => {
    const dir = scratch();
    expect(findRepairLoopConfig(dir)).toBe(join(dir, 'smoke-repair.config.json'));
    writeFileSync(join(dir, 'smoke-repair.config.ts'), '');
    expect(findRepairLoopConfig(dir)).toBe(join(dir, 'smoke-repair.config.ts'));
    writeFileSync(join(dir, 'smoke-repair.config.mjs'), '');
    expect(findRepairLoopConfig(dir)).toBe(join(dir, 'smoke-repair.config.mjs'));
    writeFileSync(join(dir, 'smoke-repair.config.json'), '');
    expect(findRepairLoopConfig(dir)).toBe(join(dir, 'smoke-repair.config.json'));
  });
});
