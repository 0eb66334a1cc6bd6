/**
 * Issue 5's learning criterion: a fix pattern learned in one app fixes the same kind of bug in a
 * second app with other entity names, with no LLM and no command — only the pattern strategy.
 * Both directions of generalisation: a recipe's fix, and an agent command's fix turned into a
 * Getafix-style edit template. Real apps, real traces, patches applied with real git.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogs } from '@smoke-repair/log-parser';
import { createMemoryPatternStore, type PatternStore } from '@smoke-repair/pattern-store';
import {
  createCommandStrategy,
  createPatternStrategy,
  createRecipeStrategy,
  repairFromSmokeViolations,
  type RepairPatch,
  type RepairStrategy,
} from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatches, copyApp, freePort, prepare, startApp, violationOf } from './apps.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

async function learn(store: PatternStore, patch: RepairPatch): Promise<string> {
  const attempt = await store.recordAttempt({
    signature: patch.signature,
    strategy: patch.strategy,
    pattern: patch.pattern!,
    context: { app: 'first-app', method: 'POST', path: patch.endpoints[0]!.split(' ')[1]! },
  });
  await store.recordOutcome({ attemptId: attempt.id, outcome: 'fixed' });
  return attempt.patternId;
}

async function repairOne(violation: Violation, appRoot: string, strategy: RepairStrategy): Promise<RepairPatch> {
  const result = await repairFromSmokeViolations([violation], { appRoot, strategies: [strategy] });
  expect(result.attempts.map((a) => `${a.outcome}: ${a.detail}`)).toEqual([expect.stringMatching(/^patched: /)]);
  return result.patches[0]!;
}

describe('a learned recipe pattern travels to another app', () => {
  beforeAll(() => {
    prepare({ name: 'demo-shop', language: 'python' });
  }, 600_000);

  it('fixes fixture-library-api with the pattern strategy alone after learning on demo-shop', async () => {
    const store = createMemoryPatternStore();
    const shop = { name: 'demo-shop', language: 'python' } as const;
    const first = copyApp(shop);
    cleanups.push(first.cleanup);
    let app = await startApp(shop, first.dir);
    const call = {
      endpoint: 'POST /products',
      path: '/products',
      body: { sku: 'LRN-1', name: 'Lamp', price: 12.5, stock_quantity: 3, is_active: true },
      expected: 201,
    };
    const violation = (await violationOf(app, call, first.dir))!;
    await app.stop();
    const fix = await repairOne(violation, first.dir, createRecipeStrategy());
    expect(fix.pattern?.template).toMatchObject({ kind: 'recipe', recipe: 'python.model-kwargs' });
    applyPatches(first.dir, [fix]);
    app = await startApp(shop, first.dir);
    expect(await violationOf(app, { ...call, body: { ...call.body, sku: 'LRN-2' } }, first.dir)).toBeNull();
    await app.stop();
    const patternId = await learn(store, fix);

    const library = { name: 'fixture-library-api', language: 'python' } as const;
    const second = copyApp(library);
    cleanups.push(second.cleanup);
    app = await startApp(library, second.dir);
    const books = {
      endpoint: 'POST /books',
      path: '/books',
      body: { title: 'Solaris', author: 'Stanisław Lem', published_year: 1961, copies: 1 },
      expected: 201,
    };
    const broken = (await violationOf(app, books, second.dir))!;
    await app.stop();
    expect(broken.kind).toBe('server_error');
    const reused = await repairOne(broken, second.dir, createPatternStrategy({ store }));
    expect(reused.strategy).toBe('pattern');
    expect(reused.patternId).toBe(patternId);
    applyPatches(second.dir, [reused]);
    app = await startApp(library, second.dir);
    expect(await violationOf(app, books, second.dir)).toBeNull();
    await app.stop();
  }, 300_000);
});

describe('a command fix generalised into an edit template travels to another app', () => {
  it('fixes learn-garage with the pattern strategy alone after an agent command fixed learn-notes', async () => {
    const store = createMemoryPatternStore();
    const notes = copyFixture('learn-notes');
    const first = await runOnce(notes, '/notes', {});
    expect(first.status).toBe(500);
    // The "agent": a scripted edit, as an AI coding CLI would make it, in its scratch copy.
    const fixer = createCommandStrategy({
      command: [
        'python3',
        '-c',
        "import re,pathlib; p=pathlib.Path('app/services/notes.py');" +
          ' p.write_text(re.sub(r\'payload\\["title"\\]\', \'payload.get("title")\', p.read_text()))',
      ],
      timeoutMs: 30_000,
    });
    const fix = await repairOne(first.violation, notes, fixer);
    expect(fix.strategy).toBe('command');
    expect(fix.pattern?.template).toEqual({
      kind: 'edit',
      before: ['⟨1⟩ = ⟨2⟩[⟨3⟩]'],
      after: ['⟨1⟩ = ⟨2⟩.get(⟨3⟩)'],
      holes: 3,
    });
    applyPatches(notes, [fix]);
    expect((await runOnce(notes, '/notes', {})).status).toBe(201);
    await learn(store, fix);

    const garage = copyFixture('learn-garage');
    const second = await runOnce(garage, '/vehicles', {});
    expect(second.status).toBe(500);
    const reused = await repairOne(second.violation, garage, createPatternStrategy({ store }));
    expect(reused.strategy).toBe('pattern');
    expect(reused.diff).toContain('+    plate = payload.get("plate")');
    applyPatches(garage, [reused]);
    expect((await runOnce(garage, '/vehicles', {})).status).toBe(201);
  }, 120_000);
});

function copyFixture(name: string): string {
  const parent = mkdtempSync(join(tmpdir(), `repair-it-${name}-`));
  cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
  const root = join(parent, name);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  return root;
}

// Starts the stdlib app, POSTs once, returns the status and the Violation a smoke run would build.
async function runOnce(root: string, path: string, body: unknown): Promise<{ status: number; violation: Violation }> {
  const port = await freePort();
  const child = spawn('python3', ['-u', 'server.py', String(port)], {
    cwd: root,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const deadline = Date.now() + 15_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`the fixture did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'learn-1' },
      body: JSON.stringify(body),
    });
    await new Promise((r) => setTimeout(r, 150));
    const traces = parseLogs(log, { appRoot: root });
    const endpoint = `POST ${path}`;
    const violation: Violation = {
      scenarioId: `${endpoint}#1`,
      endpoint,
      method: 'POST',
      path,
      expectedStatus: 201,
      actualStatus: response.status,
      kind: 'server_error',
      message: `expected 201, got ${response.status}`,
      responseExcerpt: await response.text(),
      requestId: 'learn-1',
      traces,
      signature: traces[0]?.signature ?? { hash: 'none', key: 'none', exceptionType: 'none', message: '' },
      reproduce: `curl -X POST http://127.0.0.1:${port}${path}`,
    };
    return { status: response.status, violation };
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
