import { describe, expect, it } from 'vitest';
import { nodeMapEntryInit } from './map-entry-init.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const store = 'export const store = {\n  papers: [] as { id: number }[],\n  ledger: new Map<number, object[]>(),\n};\n';
const service = (line: string) =>
  "import { store } from './store.js';\n\nexport function adjust(paper: { id: number }, delta: number) {\n" +
  `${line}\n  return paper;\n}\n`;
const run = (line: string, reading = 'push', files: Record<string, string> = { 'src/store.ts': store }) =>
  allCandidates(
    nodeMapEntryInit,
    templateContext(
      { ...files, 'src/papers.ts': service(line) },
      {
        kind: 'runtime_error',
        endpoint: 'PATCH /papers/{id}/stock',
        log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${reading}')`, [
          'adjust (/app/src/papers.ts:4:38)',
        ]),
      },
    ).context,
    ['src/papers.ts'],
  );

describe('node.map-entry-init', () => {
  it("makes the Map's entry for the key before it is pushed to", async () => {
    const line = '  store.ledger.get(paper.id)!.push({ delta });';
    const found = await run(line);
    expect(found[0]!.files['src/papers.ts']).toBe(
      service(`  if (!store.ledger.has(paper.id)) store.ledger.set(paper.id, []);\n${line}`),
    );
  });

  it('leaves a receiver no Map makes, and another property read', async () => {
    const line = '  store.ledger.get(paper.id)!.push({ delta });';
    expect(await run(line, 'push', { 'src/store.ts': store.replace('new Map<number, object[]>()', '{}') })).toEqual([]);
    expect(await run(line, 'length')).toEqual([]);
  });
});
