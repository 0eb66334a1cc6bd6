import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeStoredList } from './stored-list.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const syntax = (text: string, frames: string[]) =>
  nodeLog(`SyntaxError: Unexpected token '${text[0]}', "${text}" is not valid JSON`, [
    'JSON.parse (<anonymous>)',
    ...frames,
  ]);
const show = (tags: Record<string, unknown>) => ({
  type: 'object',
  required: ['id', 'tags'],
  properties: { id: { type: 'integer' }, tags },
});
const withSchema = (endpoint: string, schema: Record<string, unknown>): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method,
    path,
    endpoint,
    parameters: [],
    responses: [{ status: '200', mediaTypes: ['application/json'], schema }],
  };
};
const tagList = { type: 'array', items: { type: 'string' } };

const mappers =
  'function parseTags(raw) {\n  return JSON.parse(raw);\n}\n\nfunction toShowDto(row) {\n' +
  '  return { id: row.id, tags: parseTags(row.tags) };\n}\n\nmodule.exports = { toShowDto };\n';
const podcast = (text: string, schema: Record<string, unknown>) => {
  const { context } = templateContext(
    { 'src/utils/mappers.js': mappers },
    {
      kind: 'runtime_error',
      endpoint: 'GET /shows',
      log: syntax(text, ['parseTags (/app/src/utils/mappers.js:2:15)', 'toShowDto (/app/src/utils/mappers.js:6:29)']),
    },
  );
  return { ...context, operation: withSchema('GET /shows', { type: 'array', items: schema }) };
};

describe('node.stored-list', () => {
  it(`reads comma-separated stored text as its items where the list schema documents strings (CommonJS \
mapper)`, async () => {
    const found = await allCandidates(nodeStoredList, podcast('history, geography', show(tagList)), [
      'src/utils/mappers.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.stored-list']);
    expect(found[0]!.files['src/utils/mappers.js']).toBe(
      mappers.replace(
        '  return JSON.parse(raw);\n',
        "  if (typeof raw === 'string' && !raw.trimStart().startsWith('[')) {\n" +
          '    // Kept as comma-separated text, not a JSON list: its items.\n    return raw\n' +
          "      .split(',')\n      .map((item) => item.trim())\n      .filter(Boolean);\n  }\n" +
          '  return JSON.parse(raw);\n',
      ),
    );
  });

  it('does the same for an ESM helper whose result fills a nested field', async () => {
    const helper = 'export const readLabels = function (value) {\n  return JSON.parse(value);\n};\n';
    const service =
      "import { readLabels } from './labels.js';\n" +
      'export const toNote = (row) => ({ id: row.id, meta: { labels: readLabels(row.labels) } });\n';
    const { context } = templateContext(
      { 'src/labels.js': helper, 'src/notes.js': service },
      {
        kind: 'runtime_error',
        endpoint: 'GET /notes/{id}',
        log: syntax('urgent,home', ['readLabels (/app/src/labels.js:2:15)', 'toNote (/app/src/notes.js:2:64)']),
      },
    );
    const operation = withSchema('GET /notes/{id}', {
      type: 'object',
      properties: { id: { type: 'integer' }, meta: { type: 'object', properties: { labels: tagList } } },
    });
    const found = await allCandidates(nodeStoredList, { ...context, operation }, ['src/labels.js']);
    expect(found[0]!.files['src/labels.js']).toContain(
      "  if (typeof value === 'string' && !value.trimStart().startsWith('[')) {\n",
    );
  });

  it('leaves broken JSON, and a field the contract does not document as a list of strings', async () => {
    expect(await allCandidates(nodeStoredList, podcast('["history", geo', show(tagList)), [])).toEqual([]);
    expect(await allCandidates(nodeStoredList, podcast('history, geography', show({ type: 'string' })), [])).toEqual(
      [],
    );
  });
  it(`#inline: reads the text in place where the parse is a mapper literal's field value (CommonJS row \
mapper)`, async () => {
    const repo =
      'function toCourse(row) {\n  if (!row) return undefined;\n  return {\n    id: row.id,\n' +
      '    labels: JSON.parse(row.labels),\n  };\n}\nmodule.exports = { toCourse };\n';
    const { context } = templateContext(
      { 'src/repositories/courseRepository.js': repo },
      {
        kind: 'runtime_error',
        endpoint: 'GET /courses',
        log: syntax('math,evening', [
          'toCourse (/app/src/repositories/courseRepository.js:5:18)',
          'Array.map (<anonymous>)',
        ]),
      },
    );
    const found = await allCandidates(
      nodeStoredList,
      {
        ...context,
        operation: withSchema('GET /courses', {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'integer' }, labels: tagList } },
        }),
      },
      ['src/repositories/courseRepository.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.stored-list#inline']);
    expect(found[0]!.files['src/repositories/courseRepository.js']).toBe(
      repo.replace(
        'labels: JSON.parse(row.labels),',
        "labels: typeof row.labels === 'string' && !row.labels.trimStart().startsWith('[') ? " +
          "row.labels.split(',').map((item) => item.trim()).filter(Boolean) : JSON.parse(row.labels),",
      ),
    );
  });

  it('#inline: does the same in an ESM arrow mapper for a single item', async () => {
    const mapper = 'export const toTrack = (r) => ({ id: r.id, genres: JSON.parse(r.genres_json) });\n';
    const { context } = templateContext(
      { 'src/db/tracks.js': mapper },
      {
        kind: 'runtime_error',
        endpoint: 'GET /tracks/{id}',
        log: syntax('jazz, blues', ['toTrack (/app/src/db/tracks.js:1:57)']),
      },
    );
    const found = await allCandidates(
      nodeStoredList,
      {
        ...context,
        operation: withSchema('GET /tracks/{id}', {
          type: 'object',
          required: ['genres'],
          properties: { id: { type: 'integer' }, genres: tagList },
        }),
      },
      ['src/db/tracks.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.stored-list#inline']);
    expect(found[0]!.files['src/db/tracks.js']).toContain(
      "genres: typeof r.genres_json === 'string' && !r.genres_json.trimStart().startsWith('[') ? " +
        "r.genres_json.split(',')",
    );
  });

  it('#inline: leaves a field documented as an object, a parse of the request body, and broken JSON', async () => {
    const repo =
      'function toCourse(row, req) {\n  return {\n    id: row.id,\n    labels: JSON.parse(row.labels),\n' +
      '    extra: JSON.parse(req.body.extra),\n  };\n}\nmodule.exports = { toCourse };\n';
    const at = (line: number, text: string, schema: Record<string, unknown>) => {
      const { context } = templateContext(
        { 'src/repo.js': repo },
        {
          kind: 'runtime_error',
          endpoint: 'GET /courses/{id}',
          log: syntax(text, [`toCourse (/app/src/repo.js:${line}:18)`]),
        },
      );
      return { ...context, operation: withSchema('GET /courses/{id}', schema) };
    };
    const both = { type: 'object', properties: { labels: tagList, extra: tagList } };
    expect(
      await allCandidates(
        nodeStoredList,
        at(4, 'math,evening', { type: 'object', properties: { labels: { type: 'object' } } }),
        [],
      ),
    ).toEqual([]);
    expect(await allCandidates(nodeStoredList, at(5, 'a,b', both), [])).toEqual([]);
    expect(await allCandidates(nodeStoredList, at(4, '["math", even', both), [])).toEqual([]);
  });
});
