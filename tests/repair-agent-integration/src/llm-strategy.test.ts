/**
 * The LLM strategy end to end: the real fetch adapter against a real local server speaking the
 * OpenAI chat-completions protocol, the engine's patch policy, a real Python app and its real
 * traceback. No real LLM is called.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createChatInvestigator,
  createLlmStrategy,
  createOpenAiChatClient,
  repairFromSmokeViolations,
  type LlmStrategyOptions,
  type RepairResult,
} from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { copyApp, captureViolation, ORDER, runAppOnce, snapshot } from './support/llm-app.js';
import { startOpenAiServer, type OpenAiServer, type ScriptedReply } from './support/openai-server.js';

const KEY_ENV = 'SMOKE_REPAIR_IT_LLM_KEY';
const KEY = 'sk-it-0123456789abcdef';

const GOOD_DIFF = `--- a/app/services/orders.py
+++ b/app/services/orders.py
@@ -5,4 +5,4 @@ def order_total(items):
     total = 0
     for item in items:
         total += item["price"] * item["qty"]
-    return totl
+    return total
`;

let violation: Violation;
let server: OpenAiServer | undefined;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  process.env[KEY_ENV] = KEY;
  const capture = copyApp('capture');
  cleanups.push(capture.cleanup);
  violation = await captureViolation(capture.root);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

afterAll(() => {
  delete process.env[KEY_ENV];
  for (const cleanup of cleanups) cleanup();
});

async function repairWith(
  script: readonly ScriptedReply[],
  options: Partial<LlmStrategyOptions> = {},
  serverOptions: { refuseTopPZero?: boolean } = {},
  overlay?: string,
): Promise<{ result: RepairResult; root: string; elapsedMs: number }> {
  server = await startOpenAiServer(script, serverOptions);
  const app = copyApp('llm');
  cleanups.push(app.cleanup);
  if (overlay) cpSync(overlay, app.root, { recursive: true });
  const before = snapshot(app.root);
  const strategy = createLlmStrategy({
    baseUrl: server.baseUrl,
    model: 'scripted-coder',
    apiKeyEnv: KEY_ENV,
    timeoutMs: 10_000,
    maxRetries: 2,
    backoff: { baseMs: 50, jitter: false },
    ...options,
  });
  const started = Date.now();
  const result = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
  const elapsedMs = Date.now() - started;
  // The user's tree is byte-identical whatever happened.
  expect(snapshot(app.root)).toEqual(before);
  return { result, root: app.root, elapsedMs };
}

describe('LLM strategy against a scripted OpenAI-compatible server', () => {
  it('the real trace localises the culprit in the app', () => {
    expect(violation.traces[0]!.culprit).toMatchObject({ line: 8, function: 'order_total', inApp: true });
    expect(violation.signature.exceptionType).toMatch(/NameError/);
  });

  it('a good diff is patched, and the patch applies and fixes the app', async () => {
    const { result, root } = await repairWith(
      [
        {
          content: `Here is the fix:\n\n\`\`\`diff\n${GOOD_DIFF}\`\`\`\n`,
          usage: { prompt_tokens: 1500, completion_tokens: 90 },
        },
      ],
      {
        prices: { promptPer1k: 0.002, completionPer1k: 0.01 },
      },
    );
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({
      strategy: 'llm',
      outcome: 'patched',
      usage: { promptTokens: 1500, completionTokens: 90, costUsd: 0.0039 },
    });
    expect(result.patches).toHaveLength(1);
    const patch = result.patches[0]!;
    expect(patch.files).toEqual(['app/services/orders.py']);
    expect(patch.changedLines).toBe(2);

    // The request: the model, deterministic sampling, the key from the environment, the context.
    const request = server!.requests[0]!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toMatchObject({ model: 'scripted-coder', temperature: 0, max_tokens: 4096, stream: false });
    expect(request.body).not.toHaveProperty('top_p');
    const messages = request.body['messages'] as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const prompt = messages[1]!.content;
    expect(prompt).toContain("NameError: name 'totl' is not defined");
    expect(prompt).toContain('Culprit: app/services/orders.py:8 in order_total');
    expect(prompt).toContain('the failing line 8 is `return totl`');
    expect(prompt).not.toMatch(/^ +\d+[> ] /m);
    expect(messages[0]!.content).toContain('<<<<<<< SEARCH');
    expect(prompt).toContain('### function create_order (app/services/orders.py:11)');
    expect(prompt).toContain('Expected status: 201; got: 500 (server_error)');
    expect(prompt).toContain('"operationId": "createOrder"');
    expect(prompt).toContain('#/components/schemas/OrderCreate');

    // The patch applies with git to a copy of the user's app, and the app then works.
    const patched = mkdtempSync(join(tmpdir(), 'repair-agent-it-patched-'));
    cleanups.push(() => rmSync(patched, { recursive: true, force: true }));
    cpSync(root, patched, { recursive: true });
    execFileSync('git', ['apply', '--check', '-'], { cwd: patched, input: patch.diff });
    execFileSync('git', ['apply', '-'], { cwd: patched, input: patch.diff });
    const run = await runAppOnce(patched, ORDER);
    expect(run.status).toBe(201);
    expect(JSON.parse(run.body)).toEqual({ customer: 'ada', total: 6 });
  });

  it('a malformed answer is not patched, and says why', async () => {
    const { result } = await repairWith([{ content: 'The variable totl should be total. Change line 8.' }], {
      maxRepairTurns: 0,
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({ strategy: 'llm', outcome: 'failed' });
    expect(result.attempts[0]!.detail).toMatch(/^llm: the answer contains no edit/);
  });

  it('a diff that does not apply is not patched, with the precise reason', async () => {
    const { result } = await repairWith([{ content: GOOD_DIFF.replace('return totl', 'return subtotal') }], {
      maxRepairTurns: 0,
    });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]!.outcome).toBe('failed');
    expect(result.attempts[0]!.detail).toBe(
      'llm: the edit does not apply: edit 1 (diff hunk of app/services/orders.py): the line "return subtotal" is' +
        ' not in the file',
    );
  });

  it('an oversize diff (>200 changed lines) is rejected by the patch policy', async () => {
    const filler = Array.from({ length: 205 }, (_, i) => `+# note ${i}`).join('\n');
    const diff =
      '--- a/app/services/orders.py\n+++ b/app/services/orders.py\n@@ -7,2 +7,207 @@\n' +
      `         total += item["price"] * item["qty"]\n-    return totl\n+    return total\n${filler}\n`;
    const { result } = await repairWith([{ content: diff }]);
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      strategy: 'llm',
      outcome: 'rejected',
      detail: 'the patch changes 207 lines (limit 200)',
    });
    expect(result.attempts[0]!.usage).toEqual({ promptTokens: 1200, completionTokens: 80 });
  });

  it('a diff touching tests is rejected as a protected path', async () => {
    const diff =
      '--- a/tests/test_orders.py\n' +
      '+++ b/tests/test_orders.py\n' +
      '@@ -4,3 +4,3 @@\n' +
      ' def test_create_order():\n' +
      '     order = create_order({"customer": "ada", "items": [{"price": 2, "qty": 3}]})\n' +
      '-    assert order.total == 6\n' +
      '+    assert True\n';
    const { result } = await repairWith([{ content: diff }]);
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'rejected',
      detail: 'tests/test_orders.py is protected (tests/**)',
    });
  });

  it('a diff reaching outside the app root is refused before anything is written', async () => {
    const diff = '--- a/../outside.py\n+++ b/../outside.py\n@@ -1 +1 @@\n-a\n+b\n';
    const { result } = await repairWith([{ content: diff }], { maxRepairTurns: 0 });
    expect(result.attempts[0]).toMatchObject({ outcome: 'failed' });
    expect(result.attempts[0]!.detail).toMatch(/outside the app root/);
  });

  it('429 then success: patched after one retry (the server saw 2 requests)', async () => {
    const { result } = await repairWith([
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
      },
      { content: GOOD_DIFF },
    ]);
    expect(server!.requests).toHaveLength(2);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'patched',
      detail: 'llm scripted-coder patched app/services/orders.py after 1 retry',
    });
    expect(result.patches).toHaveLength(1);
  });

  it('5xx until the retries run out: failed with the server’s message', async () => {
    const { result } = await repairWith([{ status: 503, body: { error: { message: 'overloaded' } } }], {
      maxRetries: 1,
    });
    expect(server!.requests).toHaveLength(2);
    expect(result.attempts[0]!.outcome).toBe('failed');
    expect(result.attempts[0]!.detail).toMatch(/answered 503: overloaded/);
  });

  it('an error body echoing the key is redacted in the recorded reason', async () => {
    const { result } = await repairWith([
      { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } },
    ]);
    expect(server!.requests).toHaveLength(1);
    expect(result.attempts[0]!.detail).toMatch(/answered 401: Incorrect API key provided: \[REDACTED\]/);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('a server that never answers: failed within the hard timeout', async () => {
    const { result, elapsedMs } = await repairWith([{ hang: true }], { timeoutMs: 1_500 });
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'failed',
      detail: 'llm: the LLM did not answer within 1500 ms',
    });
    expect(elapsedMs).toBeLessThan(4_000);
    expect(server!.requests).toHaveLength(1);
  });

  it('earlier failed attempts reach the prompt of the next one', async () => {
    const { result } = await repairWith([{ content: 'no diff here' }], { maxRepairTurns: 0 });
    server!.requests.length = 0;
    await server!.close();
    server = await startOpenAiServer([{ content: GOOD_DIFF }]);
    const app = copyApp('llm-second');
    cleanups.push(app.cleanup);
    const second = await repairFromSmokeViolations([violation], {
      appRoot: app.root,
      attempt: 2,
      previousAttempts: result.attempts,
      strategies: [
        createLlmStrategy({
          baseUrl: server.baseUrl,
          model: 'scripted-coder',
          apiKeyEnv: KEY_ENV,
          backoff: { baseMs: 10, jitter: false },
        }),
      ],
    });
    expect(second.attempts[0]!.outcome).toBe('patched');
    const prompt = (server.requests[0]!.body['messages'] as { content: string }[])[1]!.content;
    expect(prompt).toContain('# Failure (attempt 2)');
    expect(prompt).toContain('- llm → failed: llm: the answer contains no edit');
  });

  it(`investigators (private and public endpoints) are asked once per signature; the public one sees no \
code`, async () => {
    const privateServer = await startOpenAiServer([{ content: 'totl is a typo of the local total.' }]);
    const publicServer = await startOpenAiServer([
      { content: 'NameError: a name used before assignment or misspelt.' },
    ]);
    try {
      const investigators = [
        createChatInvestigator({
          kind: 'private',
          client: createOpenAiChatClient({ baseUrl: privateServer.baseUrl, apiKeyEnv: KEY_ENV }),
          model: 'private-helper',
        }),
        createChatInvestigator({
          kind: 'public',
          client: createOpenAiChatClient({ baseUrl: publicServer.baseUrl, apiKeyEnv: 'SMOKE_REPAIR_IT_UNSET_KEY' }),
          model: 'public-search',
        }),
      ];
      server = await startOpenAiServer([{ content: 'no diff' }, { content: GOOD_DIFF }]);
      const strategy = createLlmStrategy({
        baseUrl: server.baseUrl,
        model: 'scripted-coder',
        apiKeyEnv: KEY_ENV,
        backoff: { baseMs: 10, jitter: false },
        investigators,
        maxRepairTurns: 0,
      });
      const app = copyApp('llm-investigate');
      cleanups.push(app.cleanup);
      const first = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
      const second = await repairFromSmokeViolations([violation], {
        appRoot: app.root,
        strategies: [strategy],
        attempt: 2,
        previousAttempts: first.attempts,
      });
      expect(second.attempts[0]!.outcome).toBe('patched');
      expect(privateServer.requests).toHaveLength(1);
      expect(publicServer.requests).toHaveLength(1);
      expect(publicServer.requests[0]!.headers.authorization).toBeUndefined();
      for (const r of [privateServer.requests[0]!, publicServer.requests[0]!]) {
        expect(r.body).toMatchObject({ temperature: 0 });
        expect(r.body).not.toHaveProperty('top_p');
      }

      const privateText = (privateServer.requests[0]!.body['messages'] as { content: string }[])[1]!.content;
      expect(privateText).toContain('    8>     return totl');
      const publicText = (publicServer.requests[0]!.body['messages'] as { content: string }[])
        .map((m) => m.content)
        .join('\n');
      expect(publicText).toContain('Error: NameError: name <str> is not defined');
      const codeLines = sourceLines(app.root).filter((line) => line.length >= 4);
      expect(codeLines.length).toBeGreaterThan(20);
      for (const line of codeLines) expect(publicText).not.toContain(line);
      for (const name of ['totl', 'order_total', 'create_order', app.root]) expect(publicText).not.toContain(name);

      for (const request of server.requests) {
        const prompt = (request.body['messages'] as { content: string }[])[1]!.content;
        expect(prompt).toContain('totl is a typo of the local total.');
        expect(prompt).toContain('NameError: a name used before assignment or misspelt.');
      }
    } finally {
      await privateServer.close();
      await publicServer.close();
    }
  });
});

/** The lib's answer-shape fixtures, written against the same orders.py as this app. */
const SHAPES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'libs',
  'repair-agent',
  'src',
  'strategies',
  'llm',
  'edits',
  'fixtures',
);
const shape = (name: string): string => readFileSync(join(SHAPES, 'answers', `${name}.txt`), 'utf8');
const FIX_BLOCK = shape('search-replace-fenced');
// The fixtures' tree: this app's orders.py, and the discounts.py the ambiguous-match shape edits.
const BEFORE = join(SHAPES, 'before');

describe('answer shapes real models write, through the real client and the engine', () => {
  // Every shape of the lib's fixtures (tools/bench/llm-answer-shapes.mjs serves the same, and counts).
  const names = readdirSync(join(SHAPES, 'answers'))
    .map((file) => file.replace(/\.txt$/, ''))
    .sort();
  const rejected = names.filter((name) => existsSync(join(SHAPES, 'expected', `${name}.reject`)));
  const applied = names.filter((name) => !rejected.includes(name));
  it('the fixtures hold every shape of the benchmark: 28 well-formed edits, 8 that must be refused', () => {
    expect([applied.length, rejected.length]).toEqual([28, 8]);
  });

  for (const name of applied) {
    it(`${name}: patched exactly as expected, and the patch applies with git`, async () => {
      const { result, root } = await repairWith([{ content: shape(name) }], { maxRepairTurns: 0 }, {}, BEFORE);
      expect(result.attempts[0]).toMatchObject({ strategy: 'llm', outcome: 'patched' });
      const patched = mkdtempSync(join(tmpdir(), 'repair-agent-it-shape-'));
      cleanups.push(() => rmSync(patched, { recursive: true, force: true }));
      cpSync(root, patched, { recursive: true });
      execFileSync('git', ['apply', '-'], { cwd: patched, input: result.patches[0]!.diff });
      const expected = readFileSync(join(SHAPES, 'expected', name, 'app', 'services', 'orders.py'), 'utf8');
      expect(readFileSync(join(patched, 'app', 'services', 'orders.py'), 'utf8')).toBe(expected);
      expect(result.patches[0]!.files).toEqual(['app/services/orders.py']);
    });
  }

  for (const name of rejected) {
    it(`${name}: never applied, with the reason`, async () => {
      const { result } = await repairWith([{ content: shape(name) }], { maxRepairTurns: 0 }, {}, BEFORE);
      expect(result.patches).toEqual([]);
      expect(result.attempts[0]!.outcome).toBe('failed');
      expect(result.attempts[0]!.detail).toMatch(
        new RegExp(readFileSync(join(SHAPES, 'expected', `${name}.reject`), 'utf8').trim()),
      );
    });
  }

  it('a whole-file answer: the patched app answers 201', async () => {
    const { result, root } = await repairWith([{ content: shape('whole-file') }]);
    const patched = mkdtempSync(join(tmpdir(), 'repair-agent-it-whole-'));
    cleanups.push(() => rmSync(patched, { recursive: true, force: true }));
    cpSync(root, patched, { recursive: true });
    execFileSync('git', ['apply', '-'], { cwd: patched, input: result.patches[0]!.diff });
    expect((await runAppOnce(patched, ORDER)).status).toBe(201);
  });
});

describe('bad answers are caught inside the strategy and re-asked', () => {
  it(`an answer cut off at max_tokens (finish_reason "length") is never applied; the model is asked again, \
shorter`, async () => {
    const cut = FIX_BLOCK.slice(0, FIX_BLOCK.indexOf('    return total'));
    const { result } = await repairWith(
      [{ content: `${cut}    return tot`, finish_reason: 'length' }, { content: FIX_BLOCK }],
      { maxTokens: 256 },
    );
    expect(server!.requests).toHaveLength(2);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'patched',
      detail: 'llm scripted-coder patched app/services/orders.py after 1 repair turn',
      usage: { promptTokens: 2400, completionTokens: 160 },
    });
    const followUp = (server!.requests[1]!.body['messages'] as { role: string; content: string }[]).slice(-2);
    expect(followUp.map((m) => m.role)).toEqual(['assistant', 'user']);
    expect(followUp[1]!.content).toMatch(/cut off at the token limit \(256 tokens\) and was not applied/);
  });

  it('truncated until the turns run out: failed as truncated, nothing applied', async () => {
    const { result } = await repairWith([{ content: GOOD_DIFF, finish_reason: 'length' }], { maxRepairTurns: 1 });
    expect(server!.requests).toHaveLength(2);
    expect(result.patches).toEqual([]);
    expect(result.attempts[0]!.detail).toBe(
      'llm: the answer was cut off at max_tokens (4096); it was not applied (after 2 answers)',
    );
  });

  it(`a non-applying edit and a syntax error are told to the model precisely; the third answer is \
patched`, async () => {
    const broken = FIX_BLOCK.replace('    return total\n>>>>>>>', '    return total)\n>>>>>>>');
    const { result, root } = await repairWith([
      { content: GOOD_DIFF.replace('return totl', 'return subtotal') },
      { content: broken },
      { content: FIX_BLOCK },
    ]);
    expect(server!.requests).toHaveLength(3);
    expect(result.attempts[0]).toMatchObject({
      outcome: 'patched',
      detail: 'llm scripted-coder patched app/services/orders.py after 2 repair turns',
    });
    const last = server!.requests[2]!.body['messages'] as { role: string; content: string }[];
    expect(last.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(last[3]!.content).toContain(
      'Your edit does not apply, nothing was changed: edit 1 (diff hunk of app/services/orders.py): the line' +
        ' "return subtotal" is not in the file',
    );
    expect(last[5]!.content).toMatch(
      /leaves a syntax error \(app\/services\/orders\.py:8: SyntaxError: unmatched '\)'\)/,
    );
    expect(result.patches[0]!.changedLines).toBe(2);
    expect(readFileSync(join(root, 'app', 'services', 'orders.py'), 'utf8')).toContain('return totl');
  });

  it(`a vLLM-style server refusing top_p 0: not sent by default; when configured as accepted, resent without \
it`, async () => {
    const first = await repairWith([{ content: FIX_BLOCK }], {}, { refuseTopPZero: true });
    expect(first.result.attempts[0]!.outcome).toBe('patched');
    expect(server!.requests.map((r) => r.body['top_p'])).toEqual([undefined]);
    await server!.close();
    server = undefined;
    const second = await repairWith([{ content: FIX_BLOCK }], { acceptsTopPZero: true }, { refuseTopPZero: true });
    expect(second.result.attempts[0]).toMatchObject({ outcome: 'patched' });
    expect(server!.requests.map((r) => r.body['top_p'])).toEqual([0, undefined]);
  });
});

/** Every trimmed line of the app's Python files. */
function sourceLines(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.py'))
        out.push(
          ...readFileSync(path, 'utf8')
            .split('\n')
            .map((l) => l.trim()),
        );
    }
  };
  walk(root);
  return out;
}
