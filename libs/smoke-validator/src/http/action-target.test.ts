import { describe, expect, it } from 'vitest';
import { executeScenarios } from './execute-scenarios.js';
import { generateScenarios } from './generate/generate-scenarios.js';
import { buildApiModel } from './openapi/api-model.js';
import { orderScenarios } from './order-scenarios.js';
import { fakeCrudApi, libraryOpenApi } from './test-support/fake-api.js';

async function returnLoan(faults: Parameters<typeof fakeCrudApi>[0]) {
  const fake = fakeCrudApi(faults);
  fake.store.set('/loans', new Map([['40', { id: 40, book_id: 1, member_email: 'seed@example.com' }]]));
  const plan = orderScenarios(
    generateScenarios(buildApiModel(libraryOpenApi() as Record<string, unknown>, 'l.json'), { seed: 't1' }),
  );
  const runs = await executeScenarios(plan, { http: fake.client, baseUrl: 'http://127.0.0.1:9', concurrency: 1 });
  return { fake, run: runs.find((r) => r.scenario.id === 'POST /loans/{loan_id}/return')! };
}

describe('a POST action on a record (documented without a 201) acts only on what the run created', () => {
  it("returns the run's own loan, never the seeded one a listing showed", async () => {
    const own = await returnLoan([]);
    expect(own.run.status).toBe('passed');
    expect(own.run.request!.path).not.toBe('/loans/40/return');
    const listedOnly = await returnLoan([{ match: /^POST \/loans$/, status: 500 }]);
    expect(listedOnly.run.status).toBe('blocked');
    expect(listedOnly.run.notes.join()).toMatch(/POST only touches what this run created/);
    expect(listedOnly.fake.calls.filter((c) => c.url.endsWith('/loans/40/return'))).toEqual([]);
  });
});
