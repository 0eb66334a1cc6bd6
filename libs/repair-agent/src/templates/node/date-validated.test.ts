import { describe, expect, it } from 'vitest';
import { nodeDateString } from './date-string.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const notAFunction = (callee: string, frame: string) => nodeLog(`TypeError: ${callee} is not a function`, [frame]);
const validators = (param: string) =>
  'import { BadRequest } from "./errors.js";\n\n' +
  `export function requireDay(value${param}, field: string): string {\n` +
  '  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {\n' +
  '    throw new BadRequest(`${field} must be a date`);\n  }\n  return value;\n}\n';
const dto = 'export interface CreateTripDto {\n  name: string;\n  startsOn: Date;\n}\n';
const service =
  'import type { CreateTripDto } from "./trip.dto.js";\nimport { requireDay } from "./validation.js";\n\n' +
  'export async function createTrip(input: CreateTripDto) {\n' +
  '  const startsOn = requireDay(input.startsOn.toISOString().slice(0, 10), "startsOn");\n' +
  '  return { name: input.name, startsOn };\n}\n';
const trip = (files: Record<string, string>) =>
  templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'POST /trips',
    log: notAFunction('input.startsOn.toISOString', 'createTrip (/app/src/trip.service.ts:5:45)'),
  }).context;

describe('node.date-string: a date handed to the project validator of text', () => {
  it('hands the validator the text as sent and declares the field a string (TypeScript, unknown param)', async () => {
    const files = {
      'src/trip.service.ts': service,
      'src/trip.dto.ts': dto,
      'src/validation.ts': validators(': unknown'),
    };
    const found = await allCandidates(nodeDateString, trip(files), ['src/trip.service.ts', 'src/trip.dto.ts']);
    expect(found.map((f) => f.candidate.key)).toEqual([
      'node.date-string#validated-type',
      'node.date-string#validated',
    ]);
    const handed = service.replace('input.startsOn.toISOString().slice(0, 10)', 'input.startsOn');
    expect(found[0]!.files).toEqual({
      'src/trip.service.ts': handed,
      'src/trip.dto.ts': dto.replace('startsOn: Date;', 'startsOn: string;'),
    });
    expect(found[1]!.files).toEqual({ 'src/trip.service.ts': handed, 'src/trip.dto.ts': dto });
  });

  it('does the same in one JavaScript file through split("T")[0], the type declared beside it', async () => {
    const js =
      "function checkDate(v) {\n  if (typeof v !== 'string') throw new Error('bad date');\n  return v;\n}\n" +
      "function plan(body) {\n  return { due: checkDate(body.due.toISOString().split('T')[0]) };\n}\n" +
      'module.exports = { plan };\n';
    const { context } = templateContext(
      { 'src/plan.js': js },
      {
        kind: 'crash',
        endpoint: 'POST /plans',
        log: notAFunction('body.due.toISOString', 'plan (/app/src/plan.js:6:35)'),
      },
    );
    const found = await allCandidates(nodeDateString, context, ['src/plan.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.date-string#validated']);
    expect(found[0]!.files['src/plan.js']).toBe(js.replace(".due.toISOString().split('T')[0]", '.due'));
    // The type in the same file as the argument, declared before it: the argument's span moves with it.
    const ts = `${dto}${service.split('\n').slice(2).join('\n')}`;
    const same = templateContext(
      { 'src/trip.service.ts': ts, 'src/validation.ts': validators(': unknown') },
      {
        kind: 'runtime_error',
        endpoint: 'POST /trips',
        log: notAFunction('input.startsOn.toISOString', 'createTrip (/app/src/trip.service.ts:7:45)'),
      },
    ).context;
    const typed = await allCandidates(nodeDateString, same, ['src/trip.service.ts']);
    expect(typed[0]!.files['src/trip.service.ts']).toBe(
      ts.replace('startsOn: Date;', 'startsOn: string;').replace('.startsOn.toISOString().slice(0, 10)', '.startsOn'),
    );
  });

  it('proposes nothing that would not type-check, and no validator means the Date reading as before', async () => {
    // A validator taking a string, the field's type declared nowhere: neither candidate builds.
    const strict = { 'src/trip.service.ts': service, 'src/validation.ts': validators(': string') };
    expect(await allCandidates(nodeDateString, trip(strict), [])).toEqual([]);
    // A function that checks no text is no validator: the value is read as a Date.
    const plain = {
      'src/trip.service.ts': service,
      'src/validation.ts': 'export const requireDay = (v: string) => v;\n',
    };
    const found = await allCandidates(nodeDateString, trip(plain), []);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.date-string']);
  });
});
