import { describe, expect, it } from 'vitest';
import { memoryTree } from '../node/test-support/memory-tree.js';
import type { RootCause } from '../types.js';
import { templateContextOf } from './recipe-strategy.js';
import type { StrategyContext } from './strategy.js';

describe('templateContextOf', () => {
  const cause = {
    id: 'c1',
    kind: 'status_mismatch',
    trace: null,
    violations: [],
    endpoints: [],
  } as unknown as RootCause;
  const context = (extra: Partial<StrategyContext>) =>
    ({ tree: memoryTree({}), culprit: null, exception: null, contract: null, ...extra }) as unknown as StrategyContext;

  it("hands the templates the contract's origin: the code's own app.openapi(), or a document apart", async () => {
    expect((await templateContextOf(cause, context({ contractFromCode: true }))).contractFromCode).toBe(true);
    expect((await templateContextOf(cause, context({}))).contractFromCode).toBeUndefined();
  });
});
