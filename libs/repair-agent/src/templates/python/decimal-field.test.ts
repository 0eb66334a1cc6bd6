import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonDecimalField } from './decimal-field.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas = (out: string) =>
  'from decimal import Decimal\nfrom typing import Optional\n\nfrom pydantic import BaseModel\n\n\n' +
  'class YarnCreate(BaseModel):\n    name: str\n    price_per_kg: Decimal\n\n\n' +
  `class YarnOut(BaseModel):\n    id: int\n    name: str\n    price_per_kg: ${out}\n`;
const operation: ApiOperation = {
  method: 'get',
  path: '/yarns/{yarn_id}',
  endpoint: 'GET /yarns/{yarn_id}',
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'], schema: { title: 'YarnOut', type: 'object' } }],
};
const cause = (body: string) =>
  ({
    kind: 'schema_mismatch',
    endpoints: ['GET /yarns/{yarn_id}'],
    violations: [
      {
        endpoint: 'GET /yarns/{yarn_id}',
        actualStatus: 200,
        message: 'body does not match the HTTP 200 schema: /pricePerKg must be number',
        responseExcerpt: body,
      },
    ],
  }) as unknown as RootCause;
const run = (out: string, body = '{"id":1,"name":"Shetland","pricePerKg":"38.50"}') =>
  candidatesOf(pythonDecimalField, { files: { 'app/schemas.py': schemas(out) }, cause: cause(body), operation });

describe('python.decimal-field', () => {
  it('types the response model’s Decimal field as float (camelCase contract, snake_case model)', async () => {
    const found = await run('Decimal');
    expect(found.map((f) => f.key)).toEqual(['python.decimal-field']);
    expect(found[0]!.changed['app/schemas.py']).toBe(schemas('float'));
    const optional = await run('Optional[Decimal] = None');
    expect(optional[0]!.changed['app/schemas.py']).toBe(schemas('Optional[float] = None'));
  });

  it('leaves a field that is no numeric string, and a model typing it otherwise, alone', async () => {
    expect(await run('Decimal', '{"id":1,"name":"Shetland","pricePerKg":"n/a"}')).toEqual([]);
    expect(await run('str')).toEqual([]);
    expect(await run('Decimal = Field(max_digits=8, decimal_places=2)')).toEqual([]);
  });

  it('without a titled schema: a route’s response_model, never an input’s base', async () => {
    const untitled: ApiOperation = { ...operation, responses: [{ ...operation.responses[0]!, schema: {} }] };
    const based =
      'from decimal import Decimal\n\nfrom pydantic import BaseModel\n\n\n' +
      'class YarnBase(BaseModel):\n    price_per_kg: Decimal\n\n\nclass YarnCreate(YarnBase):\n    pass\n\n\n' +
      'class YarnRow(BaseModel):\n    price_per_kg: Decimal\n\n\n' +
      'class YarnOut(BaseModel):\n    price_per_kg: Decimal\n';
    const routes =
      'from fastapi import APIRouter\n\nfrom app.schemas import YarnOut\n\nrouter = APIRouter()\n\n\n' +
      '@router.get("/yarns/{yarn_id}", response_model=YarnOut)\ndef get_yarn(yarn_id: int):\n    return {}\n';
    const found = await candidatesOf(pythonDecimalField, {
      files: { 'app/schemas.py': based, 'app/routes.py': routes },
      cause: cause('{"pricePerKg":"38.50"}'),
      operation: untitled,
    });
    expect(found.map((f) => f.changed['app/schemas.py'])).toEqual([
      based.replace(
        'class YarnOut(BaseModel):\n    price_per_kg: Decimal',
        'class YarnOut(BaseModel):\n    price_per_kg: float',
      ),
    ]);
  });
});
