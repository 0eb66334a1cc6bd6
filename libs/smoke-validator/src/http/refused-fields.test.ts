import { describe, expect, it } from 'vitest';
import { namesOnlyOtherFields } from './refused-fields.js';

const body = { balloonId: 1, pilotId: 2, scheduledAt: '2027-07-04T06:00:00+01:00' };
const examples = [{ sentAs: 'balloonId' }, { sentAs: 'pilotId' }];

describe('namesOnlyOtherFields', () => {
  it('is true when the refusal names only fields no example filled', () => {
    const refusal = JSON.stringify({ detail: 'Request validation failed', issues: [{ path: 'scheduledAt' }] });
    expect(namesOnlyOtherFields(refusal, body, examples)).toBe(true);
  });

  it('is false when it names an example-filled field, names none, or the body is no object', () => {
    expect(namesOnlyOtherFields('{"detail":"balloonId 1 does not exist"}', body, examples)).toBe(false);
    expect(namesOnlyOtherFields('{"detail":"bad request"}', body, examples)).toBe(false);
    expect(namesOnlyOtherFields('{"detail":"scheduledAt"}', [body], examples)).toBe(false);
  });
});
