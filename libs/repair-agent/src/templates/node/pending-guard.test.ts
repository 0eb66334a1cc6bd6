import { describe, expect, it } from 'vitest';
import { nodePendingGuard } from './pending-guard.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const service = (lookup: string) =>
  "const slips = require('../repositories/slips');\nconst vessels = require('../repositories/vessels');\n" +
  "const { ConflictError, NotFoundError } = require('../errors');\n\n" +
  'async function book(input) {\n  const vessel = await vessels.findById(input.vesselId);\n' +
  `  const slip = ${lookup};\n  if (!slip) throw new NotFoundError(\`Slip \${input.slipId} not found\`);\n` +
  "  if (slip.status !== 'active') throw new ConflictError(`Slip ${input.slipId} is not open for bookings`);\n" +
  '  return { vessel: vessel.id, slip: slip.id };\n}\n\nmodule.exports = { book };\n';
const repo =
  'const rows = [{ id: 3, status: "active" }];\n' +
  'async function findById(id) {\n  return rows.find((r) => r.id === id) ?? null;\n}\n' +
  'module.exports = { findById };\n';
const files = (lookup: string, slipsRepo = repo) => ({
  'src/services/booking.js': service(lookup),
  'src/repositories/slips.js': slipsRepo,
  'src/repositories/vessels.js': repo,
});
const refused = (f: Record<string, string>, body = '{"error":"Slip 3 is not open for bookings"}') =>
  allCandidates(
    nodePendingGuard,
    templateContext(f, { kind: 'status_mismatch', endpoint: 'POST /bookings', expected: 201, actual: 409, body })
      .context,
    ['src/services/booking.js'],
  );

describe('node.pending-guard', () => {
  it('awaits the lookup the guard named by the 409 message reads as a record', async () => {
    const found = await refused(files('slips.findById(input.slipId)'));
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-guard@src/services/booking.js:7']);
    expect(found[0]!.files['src/services/booking.js']).toBe(service('await slips.findById(input.slipId)'));
  });

  it('leaves an awaited lookup, a sync function of that name, and a message no guard wrote alone', async () => {
    expect(await refused(files('await slips.findById(input.slipId)'))).toEqual([]);
    const sync = repo.replace('async function findById', 'function findById');
    expect(await refused(files('slips.findById(input.slipId)', sync))).toEqual([]);
    expect(await refused(files('slips.findById(input.slipId)'), '{"error":"Booking window is closed today"}')).toEqual(
      [],
    );
    // In a sync callback nested in the async function an `await` would not parse.
    const nested = '[input.slipId].map((id) => { const s = slips.findById(id); return s.status ? s : null; })[0]';
    expect(await refused(files(nested))).toEqual([]);
  });
});
