import { describe, expect, it } from 'vitest';
import { pythonValidationRaise } from './validation-raise.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

// A refusal the contract file does not list (only 201 and 422), but the failing test asserts with
// the raised message as the detail: the test documents the status and the words.
const service = (message: string) =>
  'def add_dog(db, payload):\n    kennel = db.get(Kennel, payload.kennel_id)\n' +
  `    if kennel.closed:\n        raise ValueError("${message}")\n` +
  '    return payload\n';
const run = (message: string, test: string, responses: Record<string, null> = { '201': null, '422': null }) =>
  allCandidates(
    pythonValidationRaise,
    templateContext(
      { 'app/dogs.py': service(message), 'tests/test_dogs.py': test },
      {
        cause: {
          kind: 'test_failure',
          trace: {
            frames: [
              { file: '/srv/tests/test_dogs.py', line: 2, inApp: true },
              { file: '/srv/app/dogs.py', line: 4, inApp: true },
            ],
          } as never,
          violations: [{ nodeid: 'tests/test_dogs.py::test_closed', endpoint: 'POST /dogs', traces: [] }] as never,
        },
        culprit: { file: 'app/dogs.py', line: 4 },
        exception: { type: 'ValueError', message },
        operation: operation('POST /dogs', responses),
      },
    ),
    'app/dogs.py',
  );
const keys = (found: { key: string }[]) => found.map((c) => c.key);

describe('python.validation-raise: the status a test asserts with the raised words as detail', () => {
  it('answers first the asserted 409 the contract file does not list, the whole body asserted', async () => {
    const test =
      'def test_closed(client):\n    r = client.post("/dogs", json={"kennel_id": 3})\n' +
      '    assert r.status_code == 409\n    assert r.json() == {"detail": "Kennel is closed"}\n';
    expect(keys(await run('Kennel is closed', test))).toEqual([
      'python.validation-raise#409',
      'python.validation-raise#422',
    ]);
  });

  it('does the same for a 403 and the detail asserted as a field', async () => {
    const test =
      'def test_closed(client):\n    r = client.post("/dogs", json={"kennel_id": 3})\n' +
      '    assert r.status_code == 403\n    assert r.json()["detail"] == "Kennel is closed"\n';
    expect(keys(await run('Kennel is closed', test, { '201': null, '400': null }))).toEqual([
      'python.validation-raise#403',
      'python.validation-raise#400',
    ]);
  });

  it('near miss: the test asserts other words, or no detail, for an undocumented status', async () => {
    const other =
      'def test_closed(client):\n    r = client.post("/dogs", json={"kennel_id": 3})\n' +
      '    assert r.status_code == 409\n    assert r.json() == {"detail": "Kennel is full"}\n';
    expect(keys(await run('Kennel is closed', other))).toEqual(['python.validation-raise#422']);
    const request = 'def test_closed(client):\n    r = client.post("/dogs", json={"kennel_id": 3})\n';
    const bare = `${request}    assert r.status_code == 409\n`;
    expect(keys(await run('Kennel is closed', bare))).toEqual(['python.validation-raise#422']);
  });
});
