/**
 * What the LLM strategy puts in its prompt, read off the wire of a real local server speaking the
 * OpenAI protocol: the failing request as a curl line and its response, the OpenAPI operation cut
 * to the statuses involved, a trace-less cause's handler and its mounts, the token budget (and
 * what it left out), samples as separate candidates, and no configured secret ever sent.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createLlmStrategy,
  patchDiffHash,
  repairFromSmokeViolations,
  type LlmStrategyOptions,
  type RepairResult,
} from '@smoke-repair/repair-agent';
import { syntheticSignature, type Violation } from '@smoke-repair/smoke-validator';
import { captureViolation, copyApp } from './support/llm-app.js';
import { startOpenAiServer, type OpenAiServer, type ScriptedReply } from './support/openai-server.js';

const KEY_ENV = 'SMOKE_REPAIR_IT_LLM_PROMPT_KEY';
const SECRET = 'hdr-7f3a9c2e5b1d4f60';
const NO_EDIT: ScriptedReply = { content: 'I cannot tell.' };
const fixBlock = (replacement: string): string =>
  `app/services/orders.py\n<<<<<<< SEARCH\n    return totl\n=======\n    return ${replacement}\n>>>>>>> REPLACE\n`;

let violation: Violation;
let server: OpenAiServer | undefined;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  process.env[KEY_ENV] = 'sk-it-prompt-0123456789';
  const capture = copyApp('prompt-capture');
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

const base = (url: string): LlmStrategyOptions => ({
  baseUrl: url,
  model: 'scripted-coder',
  apiKeyEnv: KEY_ENV,
  timeoutMs: 10_000,
  maxRetries: 0,
  backoff: { baseMs: 10, jitter: false },
  maxRepairTurns: 0,
});

async function promptsOf(
  violations: readonly Violation[],
  root: string,
  script: readonly ScriptedReply[],
  options: Partial<LlmStrategyOptions> = {},
): Promise<{ prompts: string[]; result: RepairResult }> {
  server = await startOpenAiServer(script);
  const result = await repairFromSmokeViolations(violations, {
    appRoot: root,
    strategies: [createLlmStrategy({ ...base(server.baseUrl), ...options })],
  });
  const prompts = server.requests.map((r) =>
    (r.body['messages'] as { content: string }[]).map((m) => m.content).join('\n'),
  );
  return { prompts, result };
}

// The llm-app's contract with the responses a framework adds: a 422 and its validation schemas.
const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders': {
      post: {
        operationId: 'createOrder',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreate' } } } },
        responses: {
          '201': {
            description: 'Created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
          '422': {
            description: 'Validation Error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      OrderCreate: { type: 'object', properties: { customer: { type: 'string' }, items: { type: 'array' } } },
      Order: { type: 'object', properties: { customer: { type: 'string' }, total: { type: 'number' } } },
      HTTPValidationError: {
        type: 'object',
        properties: { detail: { type: 'array', items: { $ref: '#/components/schemas/ValidationError' } } },
      },
      ValidationError: { type: 'object', properties: { loc: { type: 'array' }, msg: { type: 'string' } } },
    },
  },
};

describe('the LLM prompt', () => {
  it('carries the failing request as curl, its response, and the operation cut to the statuses involved', async () => {
    const app = copyApp('prompt-request');
    cleanups.push(app.cleanup);
    const { prompts } = await promptsOf([violation], app.root, [NO_EDIT], { openapi: OPENAPI });
    const prompt = prompts[0]!;
    expect(prompt).toContain(`Reproduce: \`${violation.reproduce}\``);
    expect(prompt).toContain('Expected status: 201; got: 500 (server_error)');
    expect(prompt).toContain(violation.responseExcerpt.trim().slice(0, 40));
    expect(prompt).toContain('"operationId": "createOrder"');
    expect(prompt).toContain('#/components/schemas/OrderCreate');
    expect(prompt).toContain('#/components/schemas/Order"');
    // The 422 and the schemas only it references are not there, and the prompt says so.
    expect(prompt).toContain('(Responses 422 are documented too, not shown: the failure involves none of them.)');
    expect(prompt).not.toContain('HTTPValidationError');
    expect(prompt).not.toContain('ValidationError');
  });

  it(`holds maxPromptTokens: the least useful parts go first, the failure stays, and the prompt says what was left \
out`, async () => {
    const app = copyApp('prompt-budget');
    cleanups.push(app.cleanup);
    const whole = (await promptsOf([violation], app.root, [NO_EDIT], { openapi: OPENAPI })).prompts[0]!;
    await server!.close();
    const budget = 900;
    expect(Math.ceil(whole.length / 4)).toBeGreaterThan(budget);
    const { prompts } = await promptsOf([violation], app.root, [NO_EDIT], {
      openapi: OPENAPI,
      maxPromptTokens: budget,
    });
    const request = server!.requests[0]!.body['messages'] as { content: string }[];
    const estimate = request.reduce((sum, m) => sum + Math.ceil(m.content.length / 4) + 4, 0);
    expect(estimate).toBeLessThanOrEqual(budget);
    const prompt = prompts[0]!;
    expect(prompt).toContain('## Left out to fit the prompt budget');
    expect(prompt).toContain(
      '- the OpenAPI schemas the operation references (#/components/schemas/OrderCreate, #/components/schemas/Order)',
    );
    expect(prompt).not.toContain('"OrderCreate": {');
    // Called functions' source goes outermost first: the culprit's own function stays.
    expect(prompt).toContain(
      '- the source of function do_POST (server.py:15)\n' +
        '- the source of function create_order (app/services/orders.py:11)\n',
    );
    expect(prompt).toContain('### function order_total (app/services/orders.py:4)');
    // The failure itself is never trimmed.
    expect(prompt).toContain("NameError: name 'totl' is not defined");
    expect(prompt).toContain('the failing line 8 is `return totl`');
    expect(prompt.length).toBeLessThan(whole.length);
  });

  it('a configured header value never reaches the model, wherever it appears', async () => {
    const app = copyApp('prompt-secret');
    cleanups.push(app.cleanup);
    const leaky: Violation = {
      ...violation,
      reproduce: `${violation.reproduce} -H 'X-Api-Key: ${SECRET}'`,
      responseExcerpt: `{"detail":"bad key ${SECRET}"}`,
      message: `expected 201, got 500 (key ${SECRET})`,
    };
    await promptsOf([leaky], app.root, [NO_EDIT], { secrets: [SECRET], openapi: OPENAPI, maxRepairTurns: 1 });
    expect(server!.requests).toHaveLength(2);
    for (const request of server!.requests) expect(JSON.stringify(request.body)).not.toContain(SECRET);
    expect(JSON.stringify(server!.requests[0]!.body)).toContain('X-Api-Key: [REDACTED]');
  });

  it(`samples: N answers asked at once (greedy, then at the sample temperature), each its own candidate, the next \
proposed once the loop rejected one`, async () => {
    const app = copyApp('prompt-samples');
    cleanups.push(app.cleanup);
    server = await startOpenAiServer([{ content: fixBlock('0') }, { content: fixBlock('total') }]);
    const strategy = createLlmStrategy({ ...base(server.baseUrl), samples: 2, sampleTemperature: 0.6 });
    const first = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
    expect(server.requests.map((r) => r.body['temperature'])).toEqual([0, 0.6]);
    expect(first.attempts[0]).toMatchObject({
      outcome: 'patched',
      detail: 'llm scripted-coder patched app/services/orders.py after sample 1 of 2',
    });
    expect(first.patches[0]!.diff).toContain('+    return 0');
    // The loop verified sample 1 and rejected it: the next round proposes sample 2, asking nothing.
    const rejected = [{ signatureHash: violation.signature.hash, diffHash: patchDiffHash(first.patches[0]!.diff) }];
    const second = await repairFromSmokeViolations([violation], {
      appRoot: app.root,
      strategies: [strategy],
      attempt: 2,
      previousAttempts: first.attempts,
      rejected,
    });
    expect(server.requests).toHaveLength(2);
    expect(second.attempts[0]).toMatchObject({
      outcome: 'patched',
      detail: 'llm scripted-coder patched app/services/orders.py after sample 2 of 2 (temperature 0.6)',
    });
    expect(second.patches[0]!.diff).toContain('+    return total');
    // Both spent: a third round asks anew, with the earlier attempts in the prompt.
    await repairFromSmokeViolations([violation], {
      appRoot: app.root,
      strategies: [strategy],
      attempt: 3,
      previousAttempts: [...first.attempts, ...second.attempts],
      rejected: [
        ...rejected,
        { signatureHash: violation.signature.hash, diffHash: patchDiffHash(second.patches[0]!.diff) },
      ],
    });
    expect(server.requests).toHaveLength(4);
    expect((server.requests[2]!.body['messages'] as { content: string }[])[1]!.content).toContain(
      '# Failure (attempt 3)',
    );
  });

  it(`a cause without a trace (200 where 201 is documented) gets its handler, the route line and the mounts from the \
app down`, async () => {
    const parent = mkdtempSync(join(tmpdir(), 'repair-agent-it-prompt-handler-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const root = join(parent, 'app-root');
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'nested-clinic'), root, { recursive: true });
    const endpoint = 'POST /api/v1/appointments';
    const body = { patient_id: 1, practitioner_id: 1, starts_at: '2031-01-06T10:00:00', minutes: 30 };
    const status: Violation = {
      scenarioId: 'book_appointment',
      endpoint,
      method: 'POST',
      path: '/api/v1/appointments',
      expectedStatus: 201,
      actualStatus: 200,
      kind: 'status_mismatch',
      message: 'expected status 201, got 200',
      responseExcerpt: '{"id":3,"patient_id":1,"practitioner_id":1,"starts_at":"2031-01-06T10:00:00","minutes":30}',
      requestId: 'r-1',
      traces: [],
      signature: syntheticSignature(endpoint, 'status_mismatch', 200, 'expected status 201, got 200'),
      reproduce:
        `curl -sS -i -X POST http://127.0.0.1:8000/api/v1/appointments -H 'content-type: application/json' ` +
        `--data-raw '${JSON.stringify(body)}'`,
    };
    const { prompts } = await promptsOf([status], root, [NO_EDIT]);
    const prompt = prompts[0]!;
    expect(prompt).toContain(
      '## Handler of POST /api/v1/appointments (no trace names the code: the route index found it)',
    );
    expect(prompt).toContain(
      'Route: src/clinic/api/endpoints/appointments.py:10: @router.post("", response_model=AppointmentView)',
    );
    expect(prompt).toContain(
      'Mounted (the app first):\n' +
        '- src/clinic/asgi.py:23: application.include_router(api_router)\n' +
        '- src/clinic/api/routing.py:7: api_router.include_router(appointments.router)',
    );
    expect(prompt).toContain(
      'def book_appointment(body: AppointmentPayload, appointments: AppointmentRepository = Depends()):',
    );
    expect(prompt).toContain('Expected status: 201; got: 200 (status_mismatch)');
  });
});
