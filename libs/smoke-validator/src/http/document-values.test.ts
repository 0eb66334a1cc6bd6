import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import type { HttpClient, HttpRequest } from './http-client.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';

// A reading names the gauge it was taken at by the gauge's code: the app holds gauge GW-01 only.
function telemetryApi(): Record<string, unknown> {
  const error = { type: 'object', properties: { error: { type: 'string' } } };
  return {
    openapi: '3.0.3',
    info: { title: 'gauges', version: '1' },
    paths: {
      '/readings': {
        post: {
          operationId: 'ingest',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['gaugeCode', 'level'],
                  properties: { gaugeCode: { type: 'string' }, level: { type: 'number' } },
                },
                example: { gaugeCode: 'GW-01', level: 4.5 },
              },
            },
          },
          responses: {
            '201': {
              description: 'stored',
              content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'integer' } } } } },
            },
            '404': { description: 'unknown gauge', content: { 'application/json': { schema: error } } },
            '422': { description: 'invalid', content: { 'application/json': { schema: error } } },
          },
        },
      },
    },
  };
}

type Answer = (gauge: string) => { status: number; body: unknown };

function gaugeApp(answer: Answer): { client: HttpClient; sent: string[] } {
  const sent: string[] = [];
  const client: HttpClient = {
    async send(request: HttpRequest) {
      const gauge = String((JSON.parse(request.body ?? '{}') as { gaugeCode?: unknown }).gaugeCode);
      sent.push(gauge);
      const { status, body } = answer(gauge);
      const text = JSON.stringify(body);
      return {
        ok: true,
        status,
        headers: { 'content-type': 'application/json' },
        body: text,
        truncated: false,
        bytesRead: text.length,
        startedAtMs: 0,
        durationMs: 1,
      };
    },
  };
  return { client, sent };
}

async function smoke(answer: Answer) {
  const app = gaugeApp(answer);
  const plan = orderScenarios(generateScenarios(buildApiModel(telemetryApi(), 'gauges.json'), { seed: 't1' }));
  const [run] = await executeScenarios(plan, { http: app.client, baseUrl: 'http://127.0.0.1:9', concurrency: 1 });
  return { run: run!, sent: app.sent };
}

const known =
  (status: number, body: unknown): Answer =>
  (gauge) =>
    gauge === 'GW-01' ? { status: 201, body: { id: 1 } } : { status, body };

describe('a create whose made-unique code names another record', () => {
  it("is sent again with the contract's own value after a 404, and judged on that answer", async () => {
    const { run, sent } = await smoke(known(404, { error: 'unknown gauge' }));
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe('GW-01');
    expect(sent[1]).toBe('GW-01');
    expect(run.status).toBe('passed');
    expect(run.notes.join()).toMatch(/sent again with the contract's own values/);
  });

  it('is sent again after a 422 that quotes the suffixed value, not after one that does not', async () => {
    const quoted = await smoke((gauge) =>
      gauge === 'GW-01' ? { status: 201, body: { id: 1 } } : { status: 422, body: { error: `no gauge ${gauge}` } },
    );
    expect(quoted.sent).toHaveLength(2);
    expect(quoted.run.status).toBe('passed');
    const other = await smoke(known(422, { error: 'level out of range' }));
    expect(other.sent).toHaveLength(1);
    expect(other.run.status).toBe('failed');
  });

  it('keeps the first answer when the document values are refused too', async () => {
    const { run, sent } = await smoke(() => ({ status: 404, body: { error: 'unknown gauge' } }));
    expect(sent).toHaveLength(2);
    expect(run.request!.json).not.toEqual(expect.objectContaining({ gaugeCode: 'GW-01' }));
    expect(run.notes.join()).toMatch(/with the contract's own values too, so the first answer stands/);
  });

  it('reports a 5xx under the document values: that is the failure to repair', async () => {
    const { run } = await smoke((gauge) =>
      gauge === 'GW-01' ? { status: 500, body: { error: 'boom' } } : { status: 404, body: { error: 'unknown gauge' } },
    );
    expect(run.status).toBe('failed');
    expect(run.response).toMatchObject({ status: 500 });
  });
});
