import { describe, expect, it } from 'vitest';
import { pythonResponseMissingField } from './response-missing-field.js';
import { siblingKeyValues } from './sibling-key.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

// heldout8 choir C6, as pytest reported it: `fastapi.exceptions.ResponseValidationError: 1 validation errors:`
// `{'type': 'missing', 'loc': ('response', 'absent'), 'msg': 'Field required', …}` at GET /rehearsals/{id}/attendance.
const failure = { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' };
const summary = {
  type: 'object',
  properties: {
    rehearsal_id: { type: 'integer' },
    present: { type: 'integer' },
    absent: { type: 'integer' },
    rate: { type: 'number' },
  },
  required: ['rehearsal_id', 'present', 'absent', 'rate'],
};

function route(counts: string, returned: string[]) {
  return [
    'router = APIRouter(prefix="/rehearsals")',
    '',
    '',
    '@router.get("/{rehearsal_id}/attendance", response_model=AttendanceSummary)',
    'def attendance_summary(rehearsal_id: int, db: Session = Depends(get_db)):',
    '    records = db.scalars(select(Attendance)).all()',
    `    counts = ${counts}`,
    '    for rec in records:',
    '        counts[rec.status] += 1',
    '    return {',
    ...returned.map((r) => `        ${r},`),
    '    }',
    '',
  ].join('\n');
}

async function fixed(source: string) {
  const endpoint = 'GET /rehearsals/{rehearsal_id}/attendance';
  const ctx = templateContext(
    { 'app/routes.py': source },
    {
      cause: { violations: [{ endpoint }] as never, endpoints: [endpoint] },
      exception: failure,
      operation: operation(endpoint, { '200': summary }),
    },
  );
  return (await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py')).map((c) => c.source);
}

describe('sibling keys of a returned dict', () => {
  it('reads the missing key from the dict the other entries read by their own keys', () => {
    const body = 'def f():\n    counts = {"present": 0, "absent": 0}\n    return {"present": counts["present"]}\n';
    expect(siblingKeyValues('return {"present": counts["present"]}', body, ['absent'])).toEqual([
      '"absent": counts["absent"]',
    ]);
    const tally = "def g():\n    tally = {\n        'won': 0,\n        'lost': 0,\n    }\n";
    expect(siblingKeyValues("return {'won': tally['won'], 'id': 3}", tally, ['lost'])).toEqual([
      '"lost": tally["lost"]',
    ]);
  });

  it('invents nothing: a key the dict lacks, entries read under other keys, two dicts', () => {
    const body = 'def f():\n    counts = {"present": 0}\n';
    expect(siblingKeyValues('return {"present": counts["present"]}', body, ['absent'])).toBeNull();
    expect(siblingKeyValues('return {"here": counts["present"]}', 'counts = {"absent": 0}', ['absent'])).toBeNull();
    expect(siblingKeyValues('return {"a": x["a"], "b": y["b"]}', 'x = {"c": 1}\ny = {"c": 2}', ['c'])).toBeNull();
  });

  it("fills a handler's returned summary, one line like its siblings", async () => {
    const source = route('{"present": 0, "absent": 0, "excused": 0}', [
      '"rehearsal_id": rehearsal_id',
      '"present": counts["present"]',
      '"rate": round(counts["present"] / 3, 3)',
    ]);
    expect(await fixed(source)).toEqual([
      source.replace(
        '"rate": round(counts["present"] / 3, 3),',
        '"rate": round(counts["present"] / 3, 3),\n        "absent": counts["absent"],',
      ),
    ]);
  });

  it('leaves a summary alone when the counted dict has no such key', async () => {
    const source = route('{"present": 0, "excused": 0}', [
      '"rehearsal_id": rehearsal_id',
      '"present": counts["present"]',
      '"rate": 0.5',
    ]);
    expect(await fixed(source)).toEqual([]);
  });
});
