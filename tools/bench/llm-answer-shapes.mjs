#!/usr/bin/env node
// The LLM strategy against 40 answer shapes real models write (issue 14's benchmark), end to end:
// the real strategy (createLlmStrategy, its fetch client) talks to a scripted OpenAI-compatible
// server on a real loopback socket, about the real 500 of the llm-app fixture (its traceback
// captured by running it); the engine's patch policy judges the patch. Each patch is applied with
// `git apply` to a fresh copy, which is run and must answer 201, and whose orders.py must equal
// the shape's expected file. Shapes: every answer of the lib's fixtures
// (libs/repair-agent/src/strategies/llm/edits/fixtures/answers, one turn each; `truncated` cut
// off at max_tokens) plus four conversations: truncated then answered, a vLLM-style server
// refusing top_p 0, an edit that does not apply then a good one, a syntax error then a good one.
//
// Outcome per shape: applied (correct patch), rejected (a shape that must be: prose only, empty,
// invented file, truncated, a think block alone, an ambiguous or missing match, a path outside the
// root), wrongly applied (a patch that is not the fix, or any patch for a shape that must be
// rejected), wrongly rejected (a well-formed edit not applied). Exit 1 unless the last two are 0
// and every conversation took its turns.
//
//   npx nx run-many -t build -p repair-agent && node tools/bench/llm-answer-shapes.mjs [--json]
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { json: { type: 'boolean' } } });
const lib = (name) => import(pathToFileURL(join(root, 'libs', name, 'dist', 'index.js')).href);
const { createLlmStrategy, repairFromSmokeViolations } = await lib('repair-agent');
const { parseLogs } = await lib('log-parser');

const APP = join(root, 'tests', 'repair-agent-integration', 'fixtures', 'llm-app');
const FIXTURES = join(root, 'libs', 'repair-agent', 'src', 'strategies', 'llm', 'edits', 'fixtures');
const ORDERS = join('app', 'services', 'orders.py');
const ORDER = { customer: 'ada', items: [{ price: 2, qty: 3 }] };
const KEY_ENV = 'SMOKE_REPAIR_BENCH_LLM_KEY';
process.env[KEY_ENV] = 'sk-bench-0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'smoke-repair-bench-shapes-'));
const say = (text) => process.stderr.write(`${text}\n`);

try {
  const violation = await captureViolation(copyApp('capture'));
  const shapes = [...oneTurnShapes(), ...conversations()];
  const rows = [];
  for (const shape of shapes) {
    const row = await runShape(shape, violation);
    rows.push(row);
    say(
      `${row.outcome.padEnd(16)} ${shape.name} (${row.requests} ` +
        `request${row.requests === 1 ? '' : 's'})${row.detail ? `: ${row.detail}` : ''}`,
    );
  }
  const count = (outcome) => rows.filter((r) => r.outcome === outcome).length;
  const summary = {
    shapes: rows.length,
    applied: count('applied'),
    rejected: count('rejected'),
    wronglyApplied: count('wrongly applied'),
    wronglyRejected: count('wrongly rejected'),
  };
  if (values.json) process.stdout.write(`${JSON.stringify({ summary, rows }, null, 2)}\n`);
  else {
    process.stdout.write(
      `| shape | expected | outcome | requests |\n` +
        `|---|---|---|---|` +
        `\n${rows.map((r) => `| ${r.name} | ${r.expected} | ${r.outcome} | ${r.requests} |`).join('\n')}\n\n`,
    );
    process.stdout.write(
      `${summary.shapes} shapes: ${summary.applied} applied, ${summary.rejected} ` +
        `rejected, ${summary.wronglyApplied} wrongly applied, ${summary.wronglyRejected} wrongly rejected\n`,
    );
  }
  // A conversation must take the turns it is about (the retry, the resend without top_p).
  const turnsWrong = rows.filter((r) => r.turnsWrong).length;
  if (turnsWrong > 0) say(`${turnsWrong} conversation(s) took other turns than expected`);
  process.exitCode = summary.wronglyApplied + summary.wronglyRejected + turnsWrong === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Every answer fixture, served once (no repair turns): the answer shape alone decides. */
function oneTurnShapes() {
  return readdirSync(join(FIXTURES, 'answers'))
    .map((file) => file.replace(/\.txt$/, ''))
    .sort()
    .map((name) => ({
      name,
      expected: existsSync(join(FIXTURES, 'expected', `${name}.reject`)) ? 'reject' : 'apply',
      script: [{ content: answer(name), ...(name === 'truncated' ? { finish_reason: 'length' } : {}) }],
      options: { maxRepairTurns: 0 },
      expectedFile: existsSync(join(FIXTURES, 'expected', name)) ? join(FIXTURES, 'expected', name, ORDERS) : null,
    }));
}

/** The conversations: the strategy must catch the bad answer, say why, and apply the next. */
function conversations() {
  const fix = answer('search-replace-fenced');
  const expectedFile = join(FIXTURES, 'expected', 'search-replace-fenced', ORDERS);
  const cut = `${fix.slice(0, fix.indexOf('    return total'))}    return tot`;
  return [
    {
      name: 'max-tokens-then-retried',
      expected: 'apply',
      requests: 2,
      script: [{ content: cut, finish_reason: 'length' }, { content: fix }],
      options: {},
      expectedFile,
    },
    {
      name: 'top-p-zero-refused',
      expected: 'apply',
      requests: 2,
      script: [{ content: fix }],
      server: { refuseTopPZero: true },
      options: { acceptsTopPZero: true },
      expectedFile,
    },
    {
      name: 'retry-with-apply-error',
      expected: 'apply',
      requests: 2,
      script: [{ content: answer('search-not-found') }, { content: fix }],
      options: {},
      expectedFile,
    },
    {
      name: 'retry-with-syntax-error',
      expected: 'apply',
      requests: 2,
      script: [{ content: fix.replace('    return total\n>>>>>>>', '    return total)\n>>>>>>>') }, { content: fix }],
      options: {},
      expectedFile,
    },
  ];
}

function answer(name) {
  return readFileSync(join(FIXTURES, 'answers', `${name}.txt`), 'utf8');
}

async function runShape(shape, violation) {
  const server = await startOpenAiServer(shape.script, shape.server ?? {});
  const app = copyApp(shape.name);
  try {
    const strategy = createLlmStrategy({
      baseUrl: server.baseUrl,
      model: 'scripted-coder',
      apiKeyEnv: KEY_ENV,
      timeoutMs: 10_000,
      maxRetries: 1,
      backoff: { baseMs: 20, jitter: false },
      ...shape.options,
    });
    const result = await repairFromSmokeViolations([violation], { appRoot: app, strategies: [strategy] });
    const attempt = result.attempts[0];
    const base = { name: shape.name, expected: shape.expected, requests: server.requests.length };
    const turns =
      shape.requests !== undefined && server.requests.length !== shape.requests
        ? `; ${server.requests.length} requests, expected ${shape.requests}`
        : '';
    if (result.patches.length === 0) {
      const outcome = shape.expected === 'reject' ? 'rejected' : 'wrongly rejected';
      return {
        ...base,
        outcome,
        detail: `${attempt?.outcome ?? 'no attempt'}: ${attempt?.detail ?? ''}`.slice(0, 200),
      };
    }
    if (shape.expected === 'reject')
      return { ...base, outcome: 'wrongly applied', detail: `patched: ${attempt?.detail}` };
    const patched = copyApp(`${shape.name}-patched`);
    execFileSync('git', ['apply', '-'], { cwd: patched, input: result.patches[0].diff });
    const content = readFileSync(join(patched, ORDERS), 'utf8');
    const status = (await runAppOnce(patched)).status;
    const wrong = [
      ...(status !== 201 ? [`the patched app answered ${status}`] : []),
      ...(shape.expectedFile && content !== readFileSync(shape.expectedFile, 'utf8')
        ? ['orders.py is not the expected fix']
        : []),
      ...(result.patches[0].files.join() !== 'app/services/orders.py'
        ? [`changed ${result.patches[0].files.join(', ')}`]
        : []),
    ];
    if (wrong.length > 0) return { ...base, outcome: 'wrongly applied', detail: wrong.join('; ') };
    return { ...base, outcome: 'applied', detail: turns.slice(2), ...(turns ? { turnsWrong: true } : {}) };
  } finally {
    await server.close();
  }
}

// The app with the fixtures' tree over it: the same orders.py, and the discounts.py the
// ambiguous-match shape edits.
function copyApp(name) {
  const dir = join(work, name, 'app-root');
  cpSync(APP, dir, { recursive: true });
  cpSync(join(FIXTURES, 'before'), dir, { recursive: true });
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs the fixture from `dir`, sends the order, returns the status, body and log. */
async function runAppOnce(dir) {
  const port = await freePort();
  const child = spawn('python3', ['-u', 'server.py', String(port)], {
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk) => (log += chunk));
  try {
    const deadline = Date.now() + 15_000;
    while (!log.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) return { status: 0, body: '', log };
      await new Promise((r) => setTimeout(r, 50));
    }
    const response = await fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bench-req-1' },
      body: JSON.stringify(ORDER),
    });
    const body = await response.text();
    await new Promise((r) => setTimeout(r, 100));
    return { status: response.status, body, log };
  } finally {
    child.kill('SIGKILL');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

/** The broken fixture's real violation: its 500 and the traceback it logged, through parseLogs. */
async function captureViolation(dir) {
  const run = await runAppOnce(dir);
  if (run.status !== 500) throw new Error(`expected the fixture to fail with 500, got ${run.status}`);
  const [trace] = parseLogs(run.log, { appRoot: dir });
  return {
    scenarioId: 'createOrder',
    endpoint: 'POST /orders',
    method: 'POST',
    path: '/orders',
    expectedStatus: 201,
    actualStatus: run.status,
    kind: 'server_error',
    message: `expected 201, got ${run.status}`,
    responseExcerpt: run.body,
    requestId: 'bench-req-1',
    traces: [trace],
    signature: trace.signature,
    reproduce:
      `curl -sS -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' -d ` +
      `'${JSON.stringify(ORDER)}'`,
  };
}

/**
 * An OpenAI chat-completions server on 127.0.0.1 answering from a script (the last reply
 * repeats); with `refuseTopPZero` it validates top_p as vLLM does (400 unless 0 < top_p <= 1).
 */
async function startOpenAiServer(script, { refuseTopPZero = false }) {
  const requests = [];
  let refused = 0;
  const reply = (res, status, body) => {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
    res.end(data);
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      requests.push(body);
      const topP = body.top_p;
      if (refuseTopPZero && typeof topP === 'number' && !(topP > 0 && topP <= 1)) {
        refused++;
        return reply(res, 400, {
          object: 'error',
          message: `top_p must be in (0, 1], got ${topP.toFixed(1)}.`,
          type: 'BadRequestError',
          param: null,
          code: 400,
        });
      }
      const next = script[Math.min(requests.length - 1 - refused, script.length - 1)];
      return reply(res, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: String(body.model),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: next.content },
            finish_reason: next.finish_reason ?? 'stop',
          },
        ],
        usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 },
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
