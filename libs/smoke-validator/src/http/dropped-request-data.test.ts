import { describe, expect, it } from 'vitest';
import { droppedRequestData } from './dropped-request-data.js';

describe('droppedRequestData', () => {
  const sent = { name: 'Ada', phone: '+44 20 7946 0000', age: 36, tags: ['a'] };

  it('flags a write answered 2xx with null where the request sent a value', () => {
    const failure = droppedRequestData('POST', sent, { id: 7, name: 'Ada', phone: null, age: 36 }, 201);
    expect(failure).toEqual({
      kind: 'schema_mismatch',
      message: `the answer drops request data: 'phone' (sent "+44 20 7946 0000") answered as null`,
    });
    expect(droppedRequestData('patch', { age: 40 }, { age: null }, 200)?.message).toContain("'age' (sent 40)");
  });

  it('leaves values echoed, properties not answered, non-scalars, reads and non-2xx alone', () => {
    expect(droppedRequestData('POST', sent, { id: 7, ...sent }, 201)).toBeUndefined();
    expect(droppedRequestData('POST', sent, { id: 7, name: 'Ada' }, 201)).toBeUndefined();
    expect(
      droppedRequestData('POST', { tags: ['a'], meta: { x: 1 } }, { tags: null, meta: null }, 201),
    ).toBeUndefined();
    expect(droppedRequestData('GET', sent, { phone: null }, 200)).toBeUndefined();
    expect(droppedRequestData('POST', sent, { phone: null }, 409)).toBeUndefined();
    expect(droppedRequestData('POST', sent, [{ phone: null }], 201)).toBeUndefined();
    expect(droppedRequestData('POST', { phone: null }, { phone: null }, 201)).toBeUndefined();
  });
});
