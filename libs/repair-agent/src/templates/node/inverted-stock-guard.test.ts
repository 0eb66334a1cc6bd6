import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeInvertedStockGuard } from './inverted-stock-guard.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// The documented example refused 409 with the guard's own message.
function refused(files: Record<string, string>, message: string): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /deliveries',
    expected: 201,
    actual: 409,
  });
  const violation = { ...context.cause.violations[0]!, responseExcerpt: JSON.stringify({ detail: message }) };
  return { ...context, cause: { ...context.cause, violations: [violation as Violation] } as RootCause };
}

const service = (test: string, after = '  house.storedTonnes = house.storedTonnes - input.tonnes;\n') =>
  'export function createDelivery(input) {\n  const house = findIcehouse(input.icehouseId);\n' +
  `  if (${test}) {\n` +
  '    throw new ConflictError(`Icehouse ${house.id} holds only ${house.storedTonnes} t, ' +
  'cannot deliver ${input.tonnes} t`);\n' +
  `  }\n${after}  return { id: 3, tonnes: input.tonnes };\n}\n`;
const message = 'Icehouse 1 holds only 28.5 t, cannot deliver 3 t';

describe('node.inverted-stock-guard', () => {
  it('turns round a guard that refuses an amount the stock holds, either way it is written', async () => {
    for (const [wrong, right] of [
      ['house.storedTonnes > input.tonnes', 'house.storedTonnes < input.tonnes'],
      ['input.tonnes < house.storedTonnes', 'input.tonnes > house.storedTonnes'],
      ['house.storedTonnes >= input.tonnes', 'house.storedTonnes <= input.tonnes'],
    ]) {
      const files = { 'src/services/icehouses.ts': service(wrong!) };
      const found = await allCandidates(nodeInvertedStockGuard, refused(files, message), ['src/services/icehouses.ts']);
      expect(found.map((f) => f.files['src/services/icehouses.ts'])).toEqual([service(right!)]);
    }
  });

  it('leaves a guard the right way round, one with no subtraction after it, and another message', async () => {
    const right = { 'src/services/icehouses.ts': service('house.storedTonnes < input.tonnes') };
    expect(await allCandidates(nodeInvertedStockGuard, refused(right, message), [])).toEqual([]);
    const noTakeOff = { 'src/services/icehouses.ts': service('house.storedTonnes > input.tonnes', '') };
    expect(await allCandidates(nodeInvertedStockGuard, refused(noTakeOff, message), [])).toEqual([]);
    const wrong = { 'src/services/icehouses.ts': service('house.storedTonnes > input.tonnes') };
    expect(
      await allCandidates(nodeInvertedStockGuard, refused(wrong, 'Icehouse 1 is closed for the season'), []),
    ).toEqual([]);
  });
});
