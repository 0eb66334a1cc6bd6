import { describe, expect, it } from 'vitest';
import { nodeEnumVariantKeyedTable } from './enum-variant-keyed-table.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const PHASES = ['planned', 'on_site', 'signed_off'];
const service = (table: string) =>
  [
    `const NEXT: Record<string, string[]> = {${table}};`,
    '',
    'export function advance(visit: { phase: string }, next: string) {',
    '  if (!NEXT[visit.phase].includes(next)) throw new Error(`cannot go from ${visit.phase}`);',
    '  visit.phase = next;',
    '}',
    '',
  ].join('\n');

async function run(table: string, file = 'src/services/visits.ts') {
  const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'includes')", [
    `advance (/app/${file}:${
      service(table)
        .split('\n')
        .findIndex((l) => l.includes('NEXT[')) + 1
    }:35)`,
  ]);
  const { context } = templateContext(
    { [file]: service(table) },
    { kind: 'runtime_error', endpoint: 'PATCH /visits/{id}', log },
  );
  const schema = { type: 'object', properties: { phase: { type: 'string', enum: PHASES } } };
  const operation = { ...context.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  const contract = { openapi: '3.0.3', title: 't', operations: [operation] };
  const found = await allCandidates(nodeEnumVariantKeyedTable, { ...context, operation, contract }, [file]);
  return found.map((f) => f.files[file]);
}

describe('node.enum-variant-keyed-table', () => {
  it("renames a camelCase key of a transition table to the contract's snake_case value", async () => {
    const broken = "\n  planned: ['on_site'],\n  onSite: ['signed_off', 'planned'],\n  signed_off: [],\n";
    const fixed = "\n  planned: ['on_site'],\n  on_site: ['signed_off', 'planned'],\n  signed_off: [],\n";
    expect(await run(broken)).toEqual([service(fixed)]);
  });

  it('renames a quoted kebab-case key, keeping its quotes', async () => {
    const broken = "\n  planned: ['on_site'],\n  'on-site': ['signed_off'],\n  'signed_off': [],\n";
    const fixed = "\n  planned: ['on_site'],\n  'on_site': ['signed_off'],\n  'signed_off': [],\n";
    expect(await run(broken, 'src/visits.ts')).toEqual([service(fixed)]);
  });

  it('leaves a table whose odd key is no spelling of a documented value alone', async () => {
    expect(await run("\n  planned: ['on_site'],\n  paused: ['planned'],\n  signed_off: [],\n")).toEqual([]);
  });

  it('leaves a table with several variant keys alone: no one key is the slip', async () => {
    expect(await run("\n  planned: ['on_site'],\n  onSite: ['signed_off'],\n  signedOff: [],\n")).toEqual([]);
  });
});

describe('node.enum-variant-keyed-table, a table in another spelling throughout', () => {
  const rates = (table: string) =>
    [
      `export const RATES: Record<string, { perDay: number }> = {${table}};`,
      '',
      'export function hireCost(gauge: string, days: number): number {',
      '  const rate = RATES[gauge];',
      '  return rate.perDay * days;',
      '}',
      '',
    ].join('\n');

  async function run(table: string) {
    const file = 'src/pricing/rates.ts';
    const log = nodeLog("TypeError: Cannot read properties of undefined (reading 'perDay')", [
      `hireCost (/app/${file}:8:15)`,
    ]);
    const { context } = templateContext(
      { [file]: rates(table) },
      { kind: 'runtime_error', endpoint: 'POST /hires', log },
    );
    const schema = { type: 'object', properties: { gauge: { type: 'string', enum: ['narrow-gauge', 'standard'] } } };
    const operation = {
      ...context.operation!,
      responses: [{ status: '201', mediaTypes: ['application/json'], schema }],
    };
    const contract = { openapi: '3.0.3', title: 't', operations: [operation] };
    const found = await allCandidates(nodeEnumVariantKeyedTable, { ...context, operation, contract }, [file]);
    return found.map((f) => f.files[file]);
  }

  it('respells every capitalised key of a table whose entry is read a line after the lookup', async () => {
    const broken = '\n  NARROW_GAUGE: { perDay: 40 },\n  STANDARD: { perDay: 65 },\n';
    const fixed = "\n  'narrow-gauge': { perDay: 40 },\n  standard: { perDay: 65 },\n";
    expect(await run(broken)).toEqual([rates(fixed)]);
  });

  it('leaves a table with a key that spells no documented value alone', async () => {
    expect(await run('\n  NARROW_GAUGE: { perDay: 40 },\n  BROAD: { perDay: 65 },\n')).toEqual([]);
  });
});
