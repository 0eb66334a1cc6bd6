/**
 * The README's Aider recipe, verbatim, as the agent command on a planted bug (`return totl`),
 * with a fake OpenAI-protocol server of ours (a real HTTP server on 127.0.0.1) answering in the
 * SEARCH/REPLACE format Aider's `diff` edit format expects. Aider comes from PyPI
 * (tools/provision/aider.sh, which `npm test` runs; `$SMOKE_REPAIR_AIDER` or the provisioned
 * venv). Without it the test fails under CI (`CI` set) and is skipped, loudly, elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandStrategy, repairFromSmokeViolations } from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { captureViolation, copyApp } from './support/llm-app.js';

const AIDER = process.env['SMOKE_REPAIR_AIDER'] ?? join(homedir(), '.cache/smoke-repair/aider-venv/bin/aider');
const HAVE_AIDER = existsSync(AIDER);
if (!HAVE_AIDER && process.env['CI'])
  throw new Error(
    `aider-chat is not installed (${AIDER}) and CI is set: npm test provisions it with tools/provision/aider.sh`,
  );
if (!HAVE_AIDER)
  console.warn(
    `SKIPPED: aider-chat is not installed (${AIDER}); run tools/provision/aider.sh or set SMOKE_REPAIR_AIDER`,
  );

// Aider may fetch model metadata from the internet; tests send traffic to loopback only, so every
// proxied request goes to a closed loopback port and fails at once, and only the fake server is direct.
const LOOPBACK_ONLY = {
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1,localhost',
  no_proxy: '127.0.0.1,localhost',
};

const README = readFileSync(join(import.meta.dirname, '../../../libs/repair-agent/README.md'), 'utf8');
/** The recipe exactly as documented (the first `"command": "aider …"` line of the README). */
const RECIPE = JSON.parse(`"${/"command": "(aider (?:[^"\\]|\\.)*)"/.exec(README)![1]}"`) as string;

const ANSWER =
  'app/services/orders.py\n' +
  '```python\n' +
  '<<<<<<< SEARCH\n' +
  '    return totl\n' +
  '=======\n' +
  '    return total\n' +
  '>>>>>>> REPLACE\n' +
  '```\n';
let server: Server;
let baseUrl: string;
const cleanups: (() => void)[] = [];
let violation: Violation;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return void res.writeHead(404).end();
      const body = {
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model: 'fake-coder',
        choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  const capture = copyApp('capture');
  cleanups.push(capture.cleanup);
  violation = await captureViolation(capture.root);
});

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await new Promise((resolve) => server.close(resolve));
});

describe.skipIf(!HAVE_AIDER)('the documented Aider recipe', () => {
  it('fixes the planted bug through a fake OpenAI server, and none of its files reach the patch', async () => {
    const app = copyApp('aider');
    cleanups.push(app.cleanup);
    process.env['IT_AIDER_KEY'] = 'sk-fake';
    const strategy = createCommandStrategy({
      command: RECIPE,
      env: { PATH: `${dirname(AIDER)}:${process.env['PATH'] ?? ''}`, HOME: dirname(app.root), ...LOOPBACK_ONLY },
      llm: { baseUrl, model: 'fake-coder', apiKeyEnv: 'IT_AIDER_KEY' },
      timeoutMs: 240_000,
    });
    const result = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
    expect(result.attempts[0]).toMatchObject({
      strategy: 'command',
      outcome: 'patched',
      usage: { promptTokens: 900, completionTokens: 40 },
    });
    expect(result.patches[0]!.files).toEqual(['app/services/orders.py']);
    expect(result.patches[0]!.diff).toContain('+    return total\n');
    expect(result.patches[0]!.diff).not.toMatch(/\.aider|\.gitignore/);
  }, 300_000);
});
