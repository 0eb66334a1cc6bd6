import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createMemoryPatternStore, openPatternStore, silentLogger } from '@smoke-repair/pattern-store';
import { describePatternStoreContract } from './contract.js';
import { clearDatabase, openNeo4jStore } from './neo4j.js';

const dir = mkdtempSync(join(tmpdir(), 'pattern-contract-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describePatternStoreContract('memory', async () => createMemoryPatternStore());
describePatternStoreContract('file', () =>
  openPatternStore(`file:${join(dir, `store-${files++}.jsonl`)}`, { logger: silentLogger }),
);
describePatternStoreContract('neo4j', async () => {
  const store = await openNeo4jStore();
  await clearDatabase();
  return store;
});
