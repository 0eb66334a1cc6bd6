import { describe, expect, it } from 'vitest';
import { nodeEnumAccumulator } from './enum-accumulator.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const file = 'src/services/ticketService.js';
const run = (files: Record<string, string>, line: number, member: string, schema?: Record<string, unknown>) => {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /tickets/summary',
    log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${member}')`, [
      `TicketService.summary (/app/${file}:${line}:30)`,
    ]),
  });
  const operation = { ...context.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  return allCandidates(
    nodeEnumAccumulator,
    { ...context, operation, contract: { ...context.contract!, operations: [operation] } },
    [file],
  );
};

const service = (buckets: string) =>
  "const repo = require('../repositories/tickets');\n\nclass TicketService {\n  async summary() {\n" +
  `    const rows = await repo.all();\n    const byState = {\n${buckets}    };\n` +
  '    for (const row of rows) {\n      byState[row.state].count += 1;\n' +
  '      byState[row.state].hours += row.hours;\n' +
  '    }\n    return { byState };\n  }\n}\n\nmodule.exports = new TicketService();\n';
const bucket = (k: string) => `      ${k}: { count: 0, hours: 0 },\n`;
const constants = "const TICKET_STATES = ['open', 'held', 'closed', 'void'];\nmodule.exports = { TICKET_STATES };\n";

describe('node.enum-accumulator', () => {
  it('adds the buckets a project constant lists and the literal lacks, in its order', async () => {
    const files = { [file]: service(bucket('open') + bucket('closed')), 'src/utils/constants.js': constants };
    const found = await run(files, 11, 'count');
    expect(found.map((f) => f.candidate.key)).toEqual([`node.enum-accumulator@${file}:6`]);
    expect(found[0]!.files[file]).toBe(service(bucket('open') + bucket('held') + bucket('closed') + bucket('void')));
  });

  it("adds the bucket the contract's object documents to a literal of array buckets (push)", async () => {
    const source =
      'function group(rows) {\n  const byState = { open: [], closed: [] };\n' +
      '  rows.forEach((r) => byState[r.state].push(r.id));\n  return byState;\n}\nmodule.exports = { group };\n';
    const schema = {
      type: 'object',
      properties: { open: { type: 'array' }, held: { type: 'array' }, closed: { type: 'array' } },
    };
    const found = await run({ [file]: source }, 3, 'push', schema);
    expect(found[0]!.files[file]).toBe(
      source.replace('{ open: [], closed: [] }', '{ open: [], held: [], closed: [] }'),
    );
  });

  it('leaves a literal with every documented value, and buckets of different shapes', async () => {
    const full = {
      [file]: service(bucket('open') + bucket('held') + bucket('closed') + bucket('void')),
      'src/c.js': constants,
    };
    expect(await run(full, 11, 'count')).toEqual([]);
    const uneven = {
      [file]: service(bucket('open') + '      closed: { count: 1, hours: 0 },\n'),
      'src/c.js': constants,
    };
    expect(await run(uneven, 11, 'count')).toEqual([]);
  });
});
