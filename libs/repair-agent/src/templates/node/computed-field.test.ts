import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeComputedField } from './computed-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const lacking = (context: ReturnType<typeof templateContext>['context'], field: string) => {
  const violation = {
    ...context.cause.violations[0]!,
    message: `body does not match the HTTP 200 schema: (body) must have required property '${field}'`,
  };
  return {
    ...context,
    cause: { ...context.cause, violations: [violation] },
    operation: context.operation as ApiOperation,
  };
};

const APP =
  "import express from 'express';\nimport { SpeakersService } from './speakers.js';\n\n" +
  'const app = express();\nconst service = new SpeakersService();\n' +
  "app.get('/speakers/:id', async (req, res) => {\n" +
  '  res.json(await service.findOne(Number(req.params.id)));\n});\nexport default app;\n';
const SPEAKERS =
  'interface Speaker { id: number; name: string }\n\nexport class SpeakersService {\n' +
  '  private readonly rows = new Map<number, Speaker>();\n' +
  '  private readonly talks: { speakerId: number }[] = [];\n\n' +
  '  async getEntity(id: number): Promise<Speaker> {\n    return this.rows.get(id)!;\n  }\n\n' +
  '  countTalks(speakerId: number): number {\n' +
  '    return this.talks.filter((t) => t.speakerId === speakerId).length;\n  }\n\n' +
  '  toSummary(s: Speaker) {\n    return { id: s.id, name: s.name, talkCount: this.countTalks(s.id) };\n' +
  '  }\n\n  async findOne(id: number) {\n    const speaker = await this.getEntity(id);\n' +
  '    return { ...speaker };\n  }\n}\n';
const FILES = { 'src/app.ts': APP, 'src/speakers.ts': SPEAKERS };

describe('node.computed-field', () => {
  it(`adds the field computed from an entity of the same declared type, in the method the handler sends the result of \
(TS)`, async () => {
    const found = await allCandidates(
      nodeComputedField,
      lacking(
        templateContext(FILES, { kind: 'schema_mismatch', endpoint: 'GET /speakers/{id}', expected: 200, actual: 200 })
          .context,
        'talkCount',
      ),
      ['src/speakers.ts'],
    );
    expect(found.map((f) => f.files['src/speakers.ts'])).toEqual([
      SPEAKERS.replace('return { ...speaker };', 'return { ...speaker, talkCount: this.countTalks(speaker.id) };'),
    ]);
  });

  it(`adds the field a top-level mapper computes from a parameter of the same name to the handler's sent literal \
(JS)`, async () => {
    const routes =
      "const express = require('express');\nconst store = require('./store');\n\nfunction toDto(order) {\n" +
      '  return { id: order.id, itemCount: order.items.length };\n}\n\nconst app = express();\n' +
      "app.get('/orders', (req, res) => res.json(store.all().map(toDto)));\n" +
      "app.get('/orders/:id', (req, res) => {\n  const order = store.get(req.params.id);\n" +
      '  res.json({ ...order, total: 0 });\n});\nmodule.exports = app;\n';
    const { context } = templateContext(
      { 'src/app.js': routes, 'src/store.js': 'exports.all = () => [];\nexports.get = () => null;\n' },
      { kind: 'schema_mismatch', endpoint: 'GET /orders/{id}', expected: 200, actual: 200 },
    );
    const found = await allCandidates(nodeComputedField, lacking(context, 'itemCount'), ['src/app.js']);
    expect(found.map((f) => f.files['src/app.js'])).toEqual([
      routes.replace(
        'res.json({ ...order, total: 0 });',
        'res.json({ ...order, total: 0, itemCount: order.items.length });',
      ),
    ]);
  });

  it('leaves the literal alone when the only other computation reads something the entity does not give', async () => {
    const other = SPEAKERS.replace('talkCount: this.countTalks(s.id)', 'talkCount: talks.length').replace(
      '  toSummary(s: Speaker) {\n',
      '  toSummary(s: Speaker) {\n    const talks = this.talks.filter((t) => t.speakerId === s.id);\n',
    );
    const { context } = templateContext(
      { ...FILES, 'src/speakers.ts': other },
      { kind: 'schema_mismatch', endpoint: 'GET /speakers/{id}', expected: 200, actual: 200 },
    );
    expect(await allCandidates(nodeComputedField, lacking(context, 'talkCount'), [])).toEqual([]);
  });
});
