import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeNullableRelation } from './nullable-relation.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const mapper =
  'export function toPilot(row, balloon) {\n  return {\n    id: row.id,\n' +
  '    assignedBalloon: { id: balloon.id, registration: balloon.registration },\n  };\n}\n';
const pilot = (nullable: boolean) => ({
  type: 'object',
  properties: {
    id: { type: 'integer' },
    assignedBalloon: nullable
      ? { anyOf: [{ type: 'object', properties: { id: { type: 'integer' } } }, { type: 'null' }] }
      : { type: 'object', properties: { id: { type: 'integer' } } },
  },
});
const run = (nullable: boolean) => {
  const { context } = templateContext(
    { 'src/mappers.js': mapper },
    {
      kind: 'runtime_error',
      endpoint: 'GET /pilots/{pilotId}',
      log: nodeLog("TypeError: Cannot read properties of undefined (reading 'id')", [
        'toPilot (/app/src/mappers.js:4:35)',
      ]),
    },
  );
  const operation = {
    ...context.operation!,
    responses: [{ status: '200', mediaTypes: ['application/json'], schema: pilot(nullable) }],
  } as ApiOperation;
  return allCandidates(nodeNullableRelation, { ...context, operation }, ['src/mappers.js']);
};

describe('node.nullable-relation', () => {
  it('answers null for the nullable related object when its record is absent', async () => {
    expect((await run(true)).map((f) => f.files['src/mappers.js'])).toEqual([
      mapper.replace(
        'assignedBalloon: { id: balloon.id, registration: balloon.registration }',
        'assignedBalloon: balloon ? { id: balloon.id, registration: balloon.registration } : null',
      ),
    ]);
  });

  it('leaves a field the contract never lets be null', async () => {
    expect(await run(false)).toEqual([]);
  });
});

describe('node.nullable-relation through a non-null assertion', () => {
  const file = 'src/controllers/hires.ts';
  const controller =
    'export async function getHire(hire: Hire) {\n' +
    '  const chauffeur = await db.chauffeurs.findById(hire.chauffeurId as number);\n' +
    '  return {\n    id: hire.id,\n' +
    '    chauffeur: { id: chauffeur!.id, name: chauffeur!.name },\n  };\n}\n';
  const detail = (chauffeur: unknown) => ({
    allOf: [
      { type: 'object', properties: { id: { type: 'integer' } } },
      { type: 'object', properties: { chauffeur } },
    ],
  });
  const object = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
  const runTs = (schema: unknown) => {
    const { context } = templateContext(
      { [file]: controller },
      {
        kind: 'runtime_error',
        endpoint: 'GET /hires/{hireId}',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'id')", [
          'getHire (/app/src/controllers/hires.ts:5:35)',
        ]),
      },
    );
    const operation = {
      ...context.operation!,
      responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
    } as ApiOperation;
    return allCandidates(nodeNullableRelation, { ...context, operation }, [file]);
  };

  it('answers null for an asserted record the contract allows to be null, dropping the assertion', async () => {
    const found = await runTs(detail({ oneOf: [{ type: 'null' }, object] }));
    expect(found.map((f) => f.files[file])).toEqual([
      controller.replace(
        'chauffeur: { id: chauffeur!.id, name: chauffeur!.name }',
        'chauffeur: chauffeur ? { id: chauffeur.id, name: chauffeur.name } : null',
      ),
    ]);
  });

  it('leaves an asserted record the contract never lets be null', async () => {
    expect(await runTs(detail(object))).toEqual([]);
  });
});

describe('node.nullable-relation, a member of the record read alone', () => {
  const file = 'src/services/courses.ts';
  const service =
    'export async function courseView(course: Course) {\n' +
    '  const tutor = await tutors.byId(course.tutorId as number);\n' +
    '  return { ...course, tutorName: tutor!.name };\n}\n';
  const view = (tutorName: unknown) => ({ type: 'object', properties: { id: { type: 'integer' }, tutorName } });
  const run = async (tutorName: unknown) => {
    const { context } = templateContext(
      { [file]: service },
      {
        kind: 'runtime_error',
        endpoint: 'GET /courses/{courseId}',
        log: nodeLog("TypeError: Cannot read properties of undefined (reading 'name')", [
          `courseView (/app/${file}:3:37)`,
        ]),
      },
    );
    const operation = {
      ...context.operation!,
      responses: [{ status: '200', mediaTypes: ['application/json'], schema: view(tutorName) }],
    } as ApiOperation;
    return (await allCandidates(nodeNullableRelation, { ...context, operation }, [file])).map((f) => f.files[file]);
  };

  it('answers null for the documented nullable field, the assertion gone', async () => {
    expect(await run({ type: 'string', nullable: true })).toEqual([
      service.replace('tutorName: tutor!.name', 'tutorName: tutor ? tutor.name : null'),
    ]);
  });

  it('leaves a field the contract says is always a string', async () => {
    expect(await run({ type: 'string' })).toEqual([]);
  });
});
