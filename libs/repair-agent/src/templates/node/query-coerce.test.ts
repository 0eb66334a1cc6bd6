import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { nodeQueryCoerce } from './query-coerce.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

// The route and schemas of a real run (Express 4 ESM, zod 3) and the 400 its smoke got.
const ROUTES =
  "import { Router } from 'express';\n" +
  "import { quotesController } from '../controllers/quotes.controller.js';\n" +
  "import { validate } from '../middleware/validate.js';\n" +
  "import { asyncHandler } from '../utils/asyncHandler.js';\n" +
  "import { deskQuoteQuery } from '../validation/schemas.js';\n\nconst router = Router();\n" +
  "router.get('/desk', validate(deskQuoteQuery, 'query'), asyncHandler(quotesController.desk));\n\n" +
  'export default router;\n';
const SCHEMAS =
  "import { z } from 'zod';\n\nconst isoDateTime = z.string().datetime({ message: 'must be an ISO 8601 UTC " +
  "date-time' });\n\nexport const idParam = z.object({ id: z.coerce.number().int().positive() });\n\n" +
  'export const createMemberSchema = z.object({\n  name: z.string().trim().min(1).max(120),\n' +
  '  email: z.string().email(),\n  planId: z.number().int().positive(),\n' +
  '  preferences: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),\n});\n\n' +
  'export const listDesksQuery = z.object({\n  floor: z.coerce.number().int().min(0).optional(),\n' +
  "  zone: z.enum(['quiet', 'open', 'window']).optional(),\n});\n\n" +
  'export const deskQuoteQuery = z.object({\n  deskId: z.number().int().positive(),\n' +
  '  hours: z.number().positive().max(15),\n});\n\n';
const APP =
  "import express from 'express';\nimport quotesRouter from './routes/quotes.routes.js';\n\n" +
  "export const app = express();\napp.use('/quotes', quotesRouter);\n";
const REFUSED =
  '{"error":"Invalid query","details":[{"path":"deskId","message":"Expected number, received string"}' +
  ',{"path":"hours","message":"Expected number, received string"}]}';
const numberParam = (name: string, type: string) => ({ name, in: 'query' as const, required: true, schema: { type } });

function context(files: Record<string, string>, endpoint: string, excerpt = REFUSED) {
  const made = templateContext(files, { kind: 'status_mismatch', endpoint, expected: 200, actual: 400 });
  Object.assign(made.context.cause.violations[0]!, { responseExcerpt: excerpt });
  const operation: ApiOperation = {
    ...made.context.operation!,
    parameters: [numberParam('deskId', 'integer'), numberParam('hours', 'number')],
  };
  return { ...made.context, operation };
}

describe('node.query-coerce', () => {
  it('coerces the documented numeric query parameters of the schema the route validates the query with', async () => {
    const files = { 'src/app.js': APP, 'src/routes/quotes.routes.js': ROUTES, 'src/validation/schemas.js': SCHEMAS };
    const found = await allCandidates(nodeQueryCoerce, context(files, 'GET /quotes/desk'), [
      'src/validation/schemas.js',
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]!.files['src/validation/schemas.js']).toBe(
      SCHEMAS.replace(
        'deskId: z.number().int().positive(),\n  hours: z.number()',
        'deskId: z.coerce.number().int().positive(),\n  hours: z.coerce.number()',
      ),
    );
  });

  it('a CommonJS router passing { query: schema } to its validator, one parameter documented as a number', async () => {
    const router =
      "const { Router } = require('express');\nconst { z } = require('zod');\n" +
      "const validate = require('./validate');\n\n" +
      'const searchQuery = z.object({ q: z.string().min(1), deskId: z.number().int(), hours: z.string() });' +
      "\nconst router = Router();\nrouter.get('/desk', validate({ query: searchQuery }" +
      '), (req, res) => res.json([]));\nmodule.exports = router;\n';
    const app =
      "const express = require('express');\nconst app = express();\n" +
      "app.use('/quotes', require('./search'));\nmodule.exports = app;\n";
    const found = await allCandidates(
      nodeQueryCoerce,
      context({ 'src/app.js': app, 'src/search.js': router }, 'GET /quotes/desk'),
      ['src/search.js'],
    );
    expect(found[0]!.files['src/search.js']).toBe(router.replace('deskId: z.number()', 'deskId: z.coerce.number()'));
  });

  it('leaves a schema the route validates the body with, and a 400 that says something else', async () => {
    const body = {
      'src/app.js': APP,
      'src/routes/quotes.routes.js': ROUTES.replace("'query'", "'body'"),
      'src/validation/schemas.js': SCHEMAS,
    };
    expect(await allCandidates(nodeQueryCoerce, context(body, 'GET /quotes/desk'), [])).toEqual([]);
    const files = { 'src/app.js': APP, 'src/routes/quotes.routes.js': ROUTES, 'src/validation/schemas.js': SCHEMAS };
    const other =
      '{"error":"Invalid query","details":[{"path":"hours","message":"Number must be less than or equal to 15"}]}';
    expect(await allCandidates(nodeQueryCoerce, context(files, 'GET /quotes/desk', other), [])).toEqual([]);
  });
});
