import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRepairLoopConfig } from '@smoke-repair/loop-controller';
import { describe, expect, it } from 'vitest';
import { invokeCli } from '../test-support/invoke-cli.js';

function invoke(argv: string[], cwd: string) {
  return invokeCli(argv, cwd);
}

const scratch = () => mkdtempSync(join(tmpdir(), 'cli-init-'));

describe('smoke-repair init', () => {
  it('detects FastAPI from requirements.txt and writes a config the loader accepts', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'requirements.txt'), 'FastAPI==0.115.0\nuvicorn\n');
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'main.py'), 'app = None\n');
    const result = await invoke(['init'], dir);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^wrote smoke-repair\.config\.json \(fastapi, detected from requirements\.txt\)/),
    });
    const config = await loadRepairLoopConfig(join(dir, 'smoke-repair.config.json'));
    expect(config.smoke.app.runner).toMatchObject({
      kind: 'process',
      command: 'python3 -m uvicorn app.main:app --host 127.0.0.1 --port $PORT',
      port: 8000,
    });
    expect(config.smoke.smoke.openapi).toBe('/openapi.json');
    expect(config.loop).toMatchObject({ targetPassRate: 0.8, maxIterations: 10 });
    expect(config.patterns.store).toBe(`file:${join(dir, '.smoke-repair', 'patterns.jsonl')}`);
    const raw = JSON.parse(readFileSync(join(dir, 'smoke-repair.config.json'), 'utf8')) as Record<
      string,
      { $comment?: unknown }
    >;
    for (const section of ['app', 'smoke', 'loop', 'repair', 'patterns']) expect(raw[section]!.$comment).toBeTruthy();
  });

  it('detects Express/Fastify from package.json, uses npm start and a local OpenAPI file', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ scripts: { start: 'node src/server.js' }, dependencies: { fastify: '^5' } }),
    );
    writeFileSync(join(dir, 'openapi.json'), '{}');
    const result = await invoke(['init', '--json'], dir);
    expect(JSON.parse(result.stdout)).toEqual({
      path: join(dir, 'smoke-repair.config.json'),
      framework: 'express',
      detectedFrom: 'package.json',
    });
    const config = await loadRepairLoopConfig(join(dir, 'smoke-repair.config.json'));
    expect(config.smoke.app.runner).toMatchObject({ kind: 'process', command: 'npm start', port: 3000 });
    expect(config.smoke.smoke.openapi).toBe(join(dir, 'openapi.json'));
  });

  it('writes app.build for a TypeScript project: its build script, else tsc; none for JavaScript', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        scripts: { start: 'node dist/server.js', build: 'tsc -p .' },
        dependencies: { express: '^5' },
        devDependencies: { typescript: '^5' },
      }),
    );
    writeFileSync(join(dir, 'tsconfig.json'), '{}');
    expect(await invoke(['init'], dir)).toMatchObject({ code: 0 });
    expect((await loadRepairLoopConfig(join(dir, 'smoke-repair.config.json'))).smoke.app.build).toBe('npm run build');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ dependencies: { express: '^5' }, devDependencies: { typescript: '^5' } }),
    );
    await invoke(['init', '--force'], dir);
    expect((await loadRepairLoopConfig(join(dir, 'smoke-repair.config.json'))).smoke.app.build).toBe('npx tsc -p .');
    const js = scratch();
    writeFileSync(
      join(js, 'package.json'),
      JSON.stringify({ scripts: { build: 'webpack' }, dependencies: { express: '^5' } }),
    );
    await invoke(['init'], js);
    expect((await loadRepairLoopConfig(join(js, 'smoke-repair.config.json'))).smoke.app.build).toBeUndefined();
  });

  it('takes --framework and a directory; both starter configs load', async () => {
    const cwd = scratch();
    for (const framework of ['fastapi', 'express']) {
      mkdirSync(join(cwd, framework));
      const result = await invoke(['init', '--framework', framework, framework], cwd);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`smoke-repair run --config ${framework}/smoke-repair.config.json`);
      await expect(loadRepairLoopConfig(join(cwd, framework, 'smoke-repair.config.json'))).resolves.toMatchObject({
        repair: { strategies: ['pattern', 'recipe', 'llm', 'command'] },
      });
    }
  });

  it('refuses to overwrite without --force (exit 2), overwrites with it', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'smoke-repair.config.json'), '{"mine": true}\n');
    const refused = await invoke(['init', '--framework', 'fastapi'], dir);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists; pass --force/) });
    expect(readFileSync(join(dir, 'smoke-repair.config.json'), 'utf8')).toBe('{"mine": true}\n');
    expect((await invoke(['init', '--framework', 'fastapi', '--force'], dir)).code).toBe(0);
    await expect(loadRepairLoopConfig(join(dir, 'smoke-repair.config.json'))).resolves.toBeTruthy();
  });

  it('explains what it cannot do (exit 2)', async () => {
    const dir = scratch();
    expect(await invoke(['init'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot tell the framework.*pass --framework fastapi\|express/),
    });
    expect(await invoke(['init', '--framework', 'django'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--framework must be one of fastapi, express/),
    });
    expect(await invoke(['init', 'nowhere'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/is not a directory/),
    });
  });

  it('never writes through a symbolic link, --force or not (a dangling one included)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'requirements.txt'), 'fastapi\n');
    const outside = join(scratch(), 'elsewhere.json');
    writeFileSync(outside, 'theirs');
    symlinkSync(outside, join(dir, 'smoke-repair.config.json'));
    const forced = await invoke(['init', '--force'], dir);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain('smoke-repair.config.json is a symbolic link; remove it first');
    expect(readFileSync(outside, 'utf8')).toBe('theirs');
    const dangling = scratch();
    writeFileSync(join(dangling, 'requirements.txt'), 'fastapi\n');
    const target = join(scratch(), 'created-outside.json');
    symlinkSync(target, join(dangling, 'smoke-repair.config.json'));
    expect((await invoke(['init'], dangling)).code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});
