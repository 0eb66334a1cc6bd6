import { describe, expect, it } from 'vitest';
import { nodeEnumNameKeyedTable } from './enum-name-keyed-table.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const undefinedRead = (member: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${member}')`, [frame]);
const contextOf = (files: Record<string, string>, member: string, frame: string) =>
  templateContext(files, { kind: 'runtime_error', endpoint: 'PATCH /loans/{id}', log: undefinedRead(member, frame) })
    .context;

const types = [
  'export const LoanState = {',
  "  REQUESTED: 'requested',",
  "  LENT: 'lent',",
  "  RETURNED: 'returned',",
  '} as const;',
  'export type LoanState = (typeof LoanState)[keyof typeof LoanState];',
  '',
].join('\n');

const service = (table: string) =>
  [
    "import { LoanState } from '../domain/types.js';",
    '',
    `const NEXT: Record<string, LoanState[]> = {${table}};`,
    '',
    'export function move(loan: { state: LoanState }, next: LoanState) {',
    '  if (!NEXT[loan.state].includes(next)) throw new Error(`Cannot move from ${loan.state}`);',
    '  loan.state = next;',
    '}',
    '',
  ].join('\n');

const byName = '\n  REQUESTED: [LoanState.LENT],\n  LENT: [LoanState.RETURNED],\n  RETURNED: [],\n';
// The failing line of the service for that table.
const frameOf = (table: string) =>
  `move (/app/src/services/loans.ts:${
    service(table)
      .split('\n')
      .findIndex((l) => l.includes('NEXT[')) + 1
  }:33)`;

describe('node.enum-name-keyed-table', () => {
  it("keys a transition table written with a const object's member names by its values", async () => {
    const files = { 'src/domain/types.ts': types, 'src/services/loans.ts': service(byName) };
    const found = await allCandidates(nodeEnumNameKeyedTable, contextOf(files, 'includes', frameOf(byName)), [
      'src/services/loans.ts',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.enum-name-keyed-table']);
    expect(found[0]!.files['src/services/loans.ts']).toBe(
      service(
        '\n  [LoanState.REQUESTED]: [LoanState.LENT],\n  [LoanState.LENT]: [LoanState.RETURNED],\n' +
          '  [LoanState.RETURNED]: [],\n',
      ),
    );
  });

  it('keys a frozen table of a TypeScript string enum declared in the same file', async () => {
    const source = [
      "enum Tide { LOW = 'low', HIGH = 'high' }",
      '',
      'const NEXT = Object.freeze({ LOW: [Tide.HIGH], HIGH: [Tide.LOW] });',
      '',
      'export function turns(tide: Tide): number {',
      '  return NEXT[tide].length;',
      '}',
      '',
    ].join('\n');
    const found = await allCandidates(
      nodeEnumNameKeyedTable,
      contextOf({ 'src/tide.ts': source }, 'length', 'turns (/app/src/tide.ts:6:20)'),
      ['src/tide.ts'],
    );
    expect(found[0]!.files['src/tide.ts']).toBe(
      source.replace('{ LOW: [Tide.HIGH], HIGH: [Tide.LOW] }', '{ [Tide.LOW]: [Tide.HIGH], [Tide.HIGH]: [Tide.LOW] }'),
    );
  });

  it('leaves a table keyed by values, one with a key no member names, and names equal to values alone', async () => {
    const run = async (enums: string, table: string) =>
      allCandidates(
        nodeEnumNameKeyedTable,
        contextOf(
          { 'src/domain/types.ts': enums, 'src/services/loans.ts': service(table) },
          'includes',
          frameOf(table),
        ),
        [],
      );
    const byValue = '\n  requested: [LoanState.LENT],\n  lent: [LoanState.RETURNED],\n  returned: [],\n';
    expect(await run(types, byValue)).toEqual([]);
    const extra = `${byName}  LOST: [],\n`;
    expect(await run(types, extra)).toEqual([]);
    const same = types.replace("'requested'", "'REQUESTED'");
    expect(await run(same, byName)).toEqual([]);
  });
});
