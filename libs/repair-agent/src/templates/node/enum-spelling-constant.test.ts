import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeEnumSpellingConstant } from './enum-spelling-constant.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

const STAGES = ['booked', 'on_hold', 'boarding', 'departed'];
const constants = (stages: string) =>
  `const GATES = ['A1', 'A2'];\nconst FLIGHT_STAGES = [${stages}];\nmodule.exports = { GATES, FLIGHT_STAGES };\n`;
const service =
  "const { FLIGHT_STAGES } = require('./constants');\nfunction setStage(flight, stage) {\n" +
  "  if (!FLIGHT_STAGES.includes(stage)) throw new Error(`stage must be one of ${FLIGHT_STAGES.join(', ')}`);\n" +
  '  flight.stage = stage;\n}\nmodule.exports = { setStage };\n';

async function run(
  file: string,
  text: string,
  body: string,
  shape: (op: ApiOperation) => ApiOperation = (op) =>
    withRequestBody(op, { stage: { type: 'string', enum: STAGES } }, ['stage']),
) {
  const endpoint = 'PATCH /flights/{flightId}/stage';
  const { context } = templateContext(
    { [file]: text, 'src/service.js': service },
    { kind: 'status_mismatch', endpoint, actual: 400, body },
  );
  const operation = shape(context.operation!);
  const contract = { openapi: '3.0.3', title: 't', operations: [operation] };
  const found = await allCandidates(nodeEnumSpellingConstant, { ...context, operation, contract }, [file]);
  return found.map((c) => c.files[file]);
}

const refused = (stages: string) => JSON.stringify({ error: `stage must be one of ${stages}` });

describe('node.enum-spelling-constant', () => {
  it("writes the one separator variant of an allowed-values list as the contract's enum spells it", async () => {
    const broken = constants("'booked', 'on-hold', 'boarding', 'departed'");
    const body = refused('booked, on-hold, boarding, departed');
    expect(await run('src/constants.js', broken, body)).toEqual([
      constants("'booked', 'on_hold', 'boarding', 'departed'"),
    ]);
  });

  it('fixes a camelCase variant in a Set checked against an enum query parameter', async () => {
    const set = (v: string) => `export const KNOWN = new Set(["booked", "${v}", "boarding", "departed"]);\n`;
    const query = (op: ApiOperation): ApiOperation => ({
      ...op,
      parameters: [{ name: 'stage', in: 'query', required: false, schema: { type: 'string', enum: STAGES } }],
    });
    const body = JSON.stringify({ message: 'invalid stage' });
    expect(await run('src/known.ts', set('onHold'), body, query)).toEqual([set('on_hold')]);
  });

  it('writes a whole list kept in capitals as the contract spells it', async () => {
    const capitals = constants("'BOOKED', 'ON_HOLD', 'BOARDING', 'DEPARTED'");
    expect(await run('src/constants.js', capitals, refused('BOOKED, ON_HOLD, BOARDING, DEPARTED'))).toEqual([
      constants("'booked', 'on_hold', 'boarding', 'departed'"),
    ]);
  });

  it('leaves a list that differs from the enum by another value, not a spelling', async () => {
    const other = constants("'booked', 'on-hold', 'boarding', 'landed'");
    expect(await run('src/constants.js', other, refused('booked, on-hold, boarding, landed'))).toEqual([]);
  });

  it('leaves a list whose odd value is another word, not a spelling of the missing one', async () => {
    const other = constants("'booked', 'paused', 'boarding', 'departed'");
    expect(await run('src/constants.js', other, refused('booked, paused, boarding, departed'))).toEqual([]);
  });

  it('needs the answer to name the enum field', async () => {
    const broken = constants("'booked', 'on-hold', 'boarding', 'departed'");
    expect(await run('src/constants.js', broken, JSON.stringify({ error: 'flight is locked' }))).toEqual([]);
  });
});
