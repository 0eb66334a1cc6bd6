import { describe, expect, it } from 'vitest';
import { nodeJsonParseDelimited } from './json-parse-delimited.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for JSON.parse of comma-joined text (captured from a run).
const message = 'SyntaxError: Unexpected token \'h\', "hinges,farm" is not valid JSON';
const run = (files: Record<string, string>, file = 'src/services/jobs.js', line = 9) =>
  allCandidates(
    nodeJsonParseDelimited,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /jobs',
      log: nodeLog(message, ['JSON.parse (<anonymous>)', `/app/${file}:${line}:60`]),
    }).context,
    [file],
  );

const service = (sql: string) =>
  "'use strict';\nconst db = require('../db');\n\nconst LIST_SQL = `\n" + `  SELECT j.*, ${sql}\n  FROM jobs j`;
const subquery =
  "(SELECT group_concat(tag, ',') FROM (\n" +
  '     SELECT tag FROM job_tags t WHERE t.job_id = j.id ORDER BY t.id)) AS tags';
const body = (parse: string) =>
  '`;\n\nfunction listJobs() {\n' +
  `  return db.all(LIST_SQL).map((row) => ({ id: row.id, tags: ${parse} }));\n}\nmodule.exports = { listJobs };\n`;

describe('node.json-parse-delimited', () => {
  it('splits a scalar-subquery group_concat column on its separator, keeping the NULL guard', async () => {
    const source = service(subquery) + body('row.tags ? JSON.parse(row.tags) : []');
    const found = await run({ 'src/services/jobs.js': source }, 'src/services/jobs.js', 10);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.json-parse-delimited']);
    expect(found[0]!.files['src/services/jobs.js']).toBe(source.replace('JSON.parse(row.tags)', "row.tags.split(',')"));
  });

  it('splits a direct string_agg alias from another file on its own separator, guarding the NULL', async () => {
    const sql =
      "const SQL = `SELECT j.id, string_agg(t.tag, '|') AS tags FROM jobs j GROUP BY j.id`;\n" +
      'module.exports = { SQL };\n';
    const mapper = 'exports.toJob = (row) => ({\n  id: row.id,\n  tags: JSON.parse(row.tags),\n});\n';
    const found = await run({ 'src/db/queries.js': sql, 'src/mappers/job.js': mapper }, 'src/mappers/job.js', 3);
    expect(found[0]!.files['src/mappers/job.js']).toBe(
      mapper.replace('JSON.parse(row.tags)', "(row.tags ? row.tags.split('|') : [])"),
    );
  });

  it('leaves a column no delimited aggregate names, and json_group_array', async () => {
    const plain = service('j.tags') + body('JSON.parse(row.tags)');
    expect(await run({ 'src/services/jobs.js': plain }, 'src/services/jobs.js', 9)).toEqual([]);
    const json = service('(SELECT json_group_array(tag) FROM job_tags t WHERE t.job_id = j.id) AS tags');
    expect(await run({ 'src/services/jobs.js': json + body('JSON.parse(row.tags)') })).toEqual([]);
  });
});
