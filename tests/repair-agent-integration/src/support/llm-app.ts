/**
 * The llm-app fixture (a tiny stdlib Python API, broken on purpose) copied into a temp dir as
 * "the user's tree", with one real trace captured by running it, and helpers to prove the tree
 * is byte-identical afterwards.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogs } from '@smoke-repair/log-parser';
import type { Violation } from '@smoke-repair/smoke-validator';

const LLM_APP = join(import.meta.dirname, '..', '..', 'fixtures', 'llm-app');

/** A copy of the fixture in a fresh temp dir, removed by cleanup. */
export function copyApp(prefix: string): { root: string; cleanup: () => void } {
  const parent = mkdtempSync(join(tmpdir(), `repair-agent-it-${prefix}-`));
  const root = join(parent, 'app-root');
  cpSync(LLM_APP, root, { recursive: true });
  return { root, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Every file and directory under root with its mode and content hash (symlinks as targets). */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      const stat = lstatSync(path);
      if (entry.isDirectory()) {
        out[`${key}/`] = `dir ${stat.mode.toString(8)}`;
        walk(path, key);
      } else out[key] = `${stat.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(root, '');
  return out;
}

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs the app from `root`, sends one request, and returns the status, body and server log. */
export async function runAppOnce(
  root: string,
  payload: unknown,
): Promise<{ status: number; body: string; log: string }> {
  const port = await freePort();
  const child = spawn('python3', ['-u', 'server.py', String(port)], {
    cwd: root,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    const deadline = Date.now() + 15_000;
    while (!log.includes('listening on')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the fixture did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const response = await fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'it-req-1' },
      body: JSON.stringify(payload),
    });
    const body = await response.text();
    await new Promise((r) => setTimeout(r, 100));
    return { status: response.status, body, log };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

export const ORDER = { customer: 'ada', items: [{ price: 2, qty: 3 }] };

/** The real violation of the broken app: its 500 and the traceback it logged, via parseLogs. */
export async function captureViolation(root: string): Promise<Violation> {
  const run = await runAppOnce(root, ORDER);
  if (run.status !== 500) throw new Error(`expected the fixture to fail with 500, got ${run.status}`);
  const traces = parseLogs(run.log, { appRoot: root });
  if (traces.length !== 1) throw new Error(`expected one trace, got ${traces.length}:\n${run.log}`);
  const trace = traces[0]!;
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
    requestId: 'it-req-1',
    traces: [trace],
    signature: trace.signature,
    reproduce:
      `curl -sS -X POST http://127.0.0.1:8000/orders -H 'content-type: application/json' ` +
      `-d '${JSON.stringify(ORDER)}'`,
  };
}
