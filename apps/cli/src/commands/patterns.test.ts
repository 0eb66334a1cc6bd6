import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPatternStore, type RecordAttemptInput } from '@smoke-repair/pattern-store';
import { describe, expect, it } from 'vitest';
import { invokeCli } from '../test-support/invoke-cli.js';

function invoke(argv: string[], cwd: string, stdin = '') {
  return invokeCli(argv, cwd, stdin);
}

const attempt = (signatureClass: string, language = 'python'): RecordAttemptInput => ({
  signature: {
    hash: `h-${signatureClass}`,
    key: `KeyError@app/x.py:1 f: ${signatureClass}`,
    exceptionType: 'KeyError',
    message: signatureClass,
  },
  strategy: 'recipe',
  pattern: { signatureClass, language, template: { edit: signatureClass } },
  context: { app: 'shop', method: 'POST', path: '/carts/{cart_id}/items', errorKind: '500' },
});

/** A project directory with a file store: a (3 fixed → promotable), b (1 fixed, 1 not), c (node, untried). */
async function project(): Promise<{ dir: string; ids: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-patterns-'));
  const store = await openPatternStore('file:.smoke-repair/patterns.jsonl', { cwd: dir });
  const ids: Record<string, string> = {};
  for (const [cls, outcomes, language] of [
    ['py:a', ['fixed', 'fixed', 'fixed'], 'python'],
    ['py:b', ['fixed', 'not_fixed'], 'python'],
    ['js:c', [], 'javascript'],
  ] as const) {
    if (outcomes.length === 0) ids[cls] = (await store.recordAttempt(attempt(cls, language))).patternId;
    for (const outcome of outcomes) {
      const a = await store.recordAttempt(attempt(cls, language));
      ids[cls] = a.patternId;
      await store.recordOutcome({ attemptId: a.id, outcome });
    }
  }
  await store.promote();
  await store.close();
  return { dir, ids };
}

describe('smoke-repair patterns', () => {
  it('lists patterns best first, as a table and as JSON, with filters', async () => {
    const { dir, ids } = await project();
    const table = await invoke(['patterns', 'list'], dir);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+SUCCESS\s+TRIALS\s+LANGUAGE\s+SIGNATURE CLASS\n/);
    expect(table.stdout).toContain(`${ids['py:a']}  promoted   100%`);
    expect(table.stdout).toMatch(/3 patterns in file:.*\.smoke-repair\/patterns\.jsonl\n$/);
    const json = JSON.parse((await invoke(['patterns', 'list', '--json'], dir)).stdout) as {
      id: string;
      status: string;
    }[];
    expect(json.map((p) => p.id)).toEqual([ids['py:a'], ids['py:b'], ids['js:c']]);
    const promoted = JSON.parse(
      (await invoke(['patterns', 'list', '--status', 'promoted', '--json'], dir)).stdout,
    ) as unknown[];
    expect(promoted).toHaveLength(1);
    const node = JSON.parse((await invoke(['patterns', 'list', '--language', 'javascript', '--json'], dir)).stdout) as {
      id: string;
    }[];
    expect(node.map((p) => p.id)).toEqual([ids['js:c']]);
    expect(JSON.parse((await invoke(['patterns', 'list', '--limit', '2', '--json'], dir)).stdout)).toHaveLength(2);
    expect(await invoke(['patterns', 'list', '--status', 'bogus'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--status must be one of candidate, promoted, retired/),
    });
  });

  it('shows one pattern and its contexts; an unknown id is exit 2', async () => {
    const { dir, ids } = await project();
    const shown = await invoke(['patterns', 'show', ids['py:b']!], dir);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/success rate\s+50% \(1 fixed, 1 failed/);
    expect(shown.stdout).toContain('POST /{collection}/{id}/{collection} 500');
    const json = JSON.parse((await invoke(['patterns', 'show', ids['py:b']!, '--json'], dir)).stdout) as {
      pattern: { trials: number };
    };
    expect(json.pattern.trials).toBe(2);
    expect(await invoke(['patterns', 'show', 'fp_nope'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no pattern fp_nope in file:/),
    });
  });

  it('prints totals', async () => {
    const { dir } = await project();
    const text = await invoke(['patterns', 'stats'], dir);
    expect(text.stdout).toMatch(/patterns\s+3 \(1 promoted, 2 candidate, 0 retired\)/);
    expect(text.stdout).toMatch(/attempts\s+6 \(4 fixed, 1 not fixed, 0 regressed, 1 pending\)/);
    expect(JSON.parse((await invoke(['patterns', 'stats', '--json'], dir)).stdout)).toMatchObject({
      patterns: 3,
      attempts: 6,
    });
  });

  it('exports JSON Lines to stdout or a file, and imports them idempotently', async () => {
    const { dir } = await project();
    const exported = await invoke(['patterns', 'export'], dir);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toContain('status');
    expect(exported.stderr).toMatch(new RegExp(`exported ${lines.length} events`));
    expect(await invoke(['patterns', 'export', 'out.jsonl', '--json'], dir)).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(exported.stdout);

    const other = mkdtempSync(join(tmpdir(), 'cli-patterns-'));
    const first = await invoke(['patterns', 'import', join(dir, 'out.jsonl'), '--json'], other);
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: lines.length, duplicates: 0 });
    const again = await invoke(['patterns', 'import', '-'], other, exported.stdout);
    expect(again.stdout).toMatch(new RegExp(`0 events applied, ${lines.length} duplicates`));
    expect(JSON.parse((await invoke(['patterns', 'stats', '--json'], other)).stdout)).toMatchObject({
      patterns: 3,
      byStatus: { promoted: 1 },
    });
  });

  it('rejects a bad import naming the line, importing nothing (exit 2)', async () => {
    const { dir } = await project();
    const good = (await invoke(['patterns', 'export'], dir)).stdout.trim().split('\n');
    const other = mkdtempSync(join(tmpdir(), 'cli-patterns-'));
    writeFileSync(join(other, 'bad.jsonl'), [good[0], '', '{"v":1,"type":"attempt","id":"x"}'].join('\n'));
    const bad = await invoke(['patterns', 'import', 'bad.jsonl'], other);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot import .*bad\.jsonl: line 3: not a pattern event/);
    expect(bad.stderr).toMatch(/nothing was imported/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect((await invoke(['patterns', 'import', '-'], other, 'not json\n')).stderr).toMatch(/line 1: not JSON/);
    expect(JSON.parse((await invoke(['patterns', 'stats', '--json'], other)).stdout)).toMatchObject({
      patterns: 0,
      attempts: 0,
    });
    expect(await invoke(['patterns', 'import', 'missing.jsonl'], other)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read .*missing\.jsonl: ENOENT/),
    });
  });

  it('syncs the project file store into another store, idempotently', async () => {
    const { dir } = await project();
    const target = join(dir, 'shared.jsonl');
    const first = JSON.parse((await invoke(['patterns', 'sync', '--to', `file:${target}`, '--json'], dir)).stdout) as {
      applied: number;
      duplicates: number;
    };
    expect(first.applied).toBeGreaterThan(0);
    expect(first.duplicates).toBe(0);
    const second = await invoke(['patterns', 'sync', '--to', 'file:shared.jsonl'], dir);
    expect(second.stdout).toMatch(
      new RegExp(`synced file:.*patterns\\.jsonl → file:${target}: 0 events applied, ${first.applied} duplicates`),
    );
    expect(
      (await invoke(['patterns', 'sync', '--from', 'file:shared.jsonl', '--to', 'memory:', '--json'], dir)).stdout,
    ).toMatch(`"applied": ${first.applied}`);
    expect(await invoke(['patterns', 'sync'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/same store/),
    });
  });

  it('retires a pattern with a reason', async () => {
    const { dir, ids } = await project();
    const retired = await invoke(['patterns', 'retire', ids['py:a']!, '--reason', 'breaks on 3.13'], dir);
    expect(retired).toMatchObject({ code: 0, stdout: `retired ${ids['py:a']} (py:a): breaks on 3.13\n` });
    const shown = JSON.parse((await invoke(['patterns', 'show', ids['py:a']!, '--json'], dir)).stdout) as {
      pattern: { status: string; statusReason: string };
    };
    expect(shown.pattern).toMatchObject({ status: 'retired', statusReason: 'breaks on 3.13' });
    expect((await invoke(['patterns', 'retire', 'fp_nope'], dir)).code).toBe(2);
  });

  it('takes the store from the config, or --store', async () => {
    const { dir } = await project();
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'app', 'smoke-repair.config.json'),
      JSON.stringify({
        smoke: { openapi: '/openapi.json' },
        patterns: { store: 'file:../.smoke-repair/patterns.jsonl' },
      }),
    );
    expect(JSON.parse((await invoke(['patterns', 'stats', '--json'], join(dir, 'app'))).stdout)).toMatchObject({
      patterns: 3,
    });
    expect(
      JSON.parse(
        (await invoke(['patterns', 'stats', '--json', '--config', 'app/smoke-repair.config.json'], dir)).stdout,
      ),
    ).toMatchObject({ patterns: 3 });
    expect(JSON.parse((await invoke(['patterns', 'stats', '--json', '--store', 'memory:'], dir)).stdout)).toMatchObject(
      { store: 'memory:', patterns: 0 },
    );
    writeFileSync(join(dir, 'smoke-repair.config.json'), JSON.stringify({ smoke: {}, patterns: { store: 'file:x' } }));
    expect(await invoke(['patterns', 'list'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/invalid config [\s\S]*give `openapi`/),
    });
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it("hints: lessons from verified fixes only, as Markdown or JSON, with the recipe's rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-patterns-'));
    const store = await openPatternStore('file:.smoke-repair/patterns.jsonl', { cwd: dir });
    const kwargs = (app: string): RecordAttemptInput => ({
      signature: {
        hash: `h-${app}`,
        key: `TypeError@app/crud.py:12 create: 'phone_number'`,
        exceptionType: 'TypeError',
        message: "'phone_number' is an invalid keyword argument for Customer",
      },
      strategy: 'recipe',
      pattern: {
        signatureClass: "python:TypeError:'<str>' is an invalid keyword argument for <Name>",
        language: 'python',
        template: { kind: 'recipe', recipe: 'python.model-kwargs' },
        description: `rename keyword phone_number= to phone= (${app})`,
      },
      context: { app, method: 'POST', path: '/customers', errorKind: '500' },
    });
    for (const [app, outcome] of [
      ['shop', 'fixed'],
      ['clinic', 'fixed'],
      ['fleet', null],
      ['fleet', null],
    ] as const) {
      const a = await store.recordAttempt(kwargs(app));
      if (outcome) await store.recordOutcome({ attemptId: a.id, outcome });
    }
    await store.close();
    const md = await invoke(['patterns', 'hints'], dir);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# Lessons from verified repairs\n/);
    expect(md.stdout).toContain("## 1. python: TypeError: '<str>' is an invalid keyword argument for <Name>");
    expect(md.stdout).toContain(
      "- Rule: map keyword arguments a model's constructor does not accept onto the fields it has.",
    );
    expect(md.stdout).toContain(
      "- Seen: TypeError: 'phone_number' is an invalid keyword argument for Customer on POST /{collection} " +
        '500 — fixed by: rename keyword phone_number= to phone= (clinic)',
    );
    // The two attempts the loop never verified are not successes: 2 of 2 tried, not 4.
    expect(md.stdout).toContain('- Record: 2 verified fixes of 2 tried (100%) in 2 apps; candidate');
    const json = JSON.parse((await invoke(['patterns', 'hints', '--format', 'json'], dir)).stdout) as {
      hints: { record: { successes: number } }[];
    };
    expect(json.hints.map((h) => h.record.successes)).toEqual([2]);
    expect(JSON.parse((await invoke(['patterns', 'hints', '--json', '--min-success', '3'], dir)).stdout)).toMatchObject(
      { minSuccesses: 3, hints: [] },
    );
    expect(await invoke(['patterns', 'hints', '--format', 'yaml'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format must be md \(markdown\) or json/),
    });
    // The issue's own spelling of a rate is told where the rate goes.
    expect(await invoke(['patterns', 'hints', '--min-success', '0.7'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        new RegExp(
          String.raw`--min-success must be a positive integer \(verified fixes\), got "0\.7"; for a success r` +
            String.raw`ate use --min-rate 0\.7`,
        ),
      ),
    });
    expect(await invoke(['patterns', 'hints', '--min-rate', '2'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--min-rate must be a number from 0 to 1/),
    });
  });

  it('explains usage errors with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-patterns-'));
    expect((await invoke(['patterns'], dir)).code).toBe(2);
    expect(await invoke(['patterns', 'frobnicate'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown patterns subcommand "frobnicate"/),
    });
    expect(await invoke(['patterns', 'show'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/patterns show takes 1 argument/),
    });
    expect(await invoke(['patterns', 'list', '--store', 'ftp://x'], dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown store URI/),
    });
    expect(await invoke(['patterns', 'list', '--store', 'neo4j://127.0.0.1:1'], dir)).toMatchObject({ code: 2 });
    expect(await invoke(['patterns', '--help'], dir)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: smoke-repair patterns/),
    });
  });
});
