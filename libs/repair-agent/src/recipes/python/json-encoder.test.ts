import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../templates/python/test-support/python-context.js';
import { pythonJsonEncoder } from './json-encoder.js';

const schemas =
  'from decimal import Decimal\n\nfrom pydantic import BaseModel\n\n\nclass Report(BaseModel):\n    total: Decimal\n';
const head =
  'from fastapi import APIRouter\nfrom fastapi.responses import JSONResponse\n\n' +
  'from app.schemas import Report\n\nrouter = APIRouter()\n\n\n';

async function run(body: string, line: number, message = 'Object of type Decimal is not JSON serializable') {
  const found = await candidatesOf(pythonJsonEncoder, {
    files: { 'app/schemas.py': schemas, 'app/routes.py': `${head}${body}` },
    culprit: { file: 'app/routes.py', line },
    exception: { type: 'TypeError', message },
  });
  return found.map((c) => [
    c.key,
    c.changed['app/routes.py']
      ?.split('\n')
      .find((l) => /content=/.test(l))
      ?.trim(),
  ]);
}

describe('python.json-encoder', () => {
  it('dumps a model in JSON mode before falling back to jsonable_encoder', async () => {
    const body =
      '@router.post("/reports", status_code=201)\ndef create(report: Report):\n' +
      '    return JSONResponse(status_code=201, content=report.model_dump())\n';
    expect(await run(body, 11)).toEqual([
      ['python.json-encoder', 'return JSONResponse(status_code=201, content=report.model_dump(mode="json"))'],
      [
        'python.json-encoder#encoder',
        'return JSONResponse(status_code=201, content=jsonable_encoder(report.model_dump()))',
      ],
    ]);
  });

  it("serialises a hand-built dict through the route's response model", async () => {
    const body =
      '@router.get("/reports/1", response_model=Report)\nasync def read():\n    data = {"total": 1}\n' +
      '    return JSONResponse(content=data)\n';
    expect(await run(body, 12, 'Object of type datetime is not JSON serializable')).toEqual([
      [
        'python.json-encoder',
        'return JSONResponse(content=Report.model_validate(data).model_dump(mode="json", by_alias=True))',
      ],
      ['python.json-encoder#encoder', 'return JSONResponse(content=jsonable_encoder(data))'],
    ]);
  });

  it('leaves content already encoded, and other TypeErrors', async () => {
    const encoded =
      '@router.get("/reports/1")\nasync def read():\n    return JSONResponse(content=jsonable_encoder({"total": 1}))\n';
    expect(await run(encoded, 11)).toEqual([]);
    const other = '@router.get("/reports/1")\nasync def read():\n    return JSONResponse(content={"total": 1})\n';
    expect(await run(other, 11, "unsupported operand type(s) for +: 'int' and 'str'")).toEqual([]);
  });

  it('wraps a dict literal written over several lines where it opens and closes', async () => {
    const body = [
      '@router.get("/reports/{report_id}", response_model=Report)',
      'def read(report_id: int):',
      '    return JSONResponse(',
      '        content={',
      '            "total": load_total(report_id),',
      '        },',
      '        headers={"Cache-Control": "max-age=30"},',
      '    )',
      '',
    ].join('\n');
    const found = await candidatesOf(pythonJsonEncoder, {
      files: { 'app/schemas.py': schemas, 'app/routes.py': `${head}${body}` },
      culprit: { file: 'app/routes.py', line: 11 },
      exception: { type: 'TypeError', message: 'Object of type Decimal is not JSON serializable' },
    });
    const window = (text: string | undefined) => {
      const lines = text?.split('\n') ?? [];
      const at = lines.findIndex((l) => l.includes('content='));
      return lines.slice(at, at + 4).map((l) => l.trim());
    };
    expect(found.map((c) => [c.key, window(c.changed['app/routes.py'])])).toEqual([
      [
        'python.json-encoder',
        [
          'content=Report.model_validate({',
          '"total": load_total(report_id),',
          '}).model_dump(mode="json", by_alias=True),',
          'headers={"Cache-Control": "max-age=30"},',
        ],
      ],
      [
        'python.json-encoder#encoder',
        [
          'content=jsonable_encoder({',
          '"total": load_total(report_id),',
          '}),',
          'headers={"Cache-Control": "max-age=30"},',
        ],
      ],
    ]);
  });

  it('serialises each item through a list[Model] response model (Decimal stays a string), not list[dict]', async () => {
    const listed =
      '@router.get("/reports", response_model=list[Report])\ndef index(rows):\n' +
      '    return JSONResponse(content=[r.as_dict() for r in rows], headers={"X-Count": str(len(rows))})\n';
    expect(await run(listed, 11, 'Object of type datetime is not JSON serializable')).toEqual([
      [
        'python.json-encoder',
        'return JSONResponse(content=[Report.model_validate(r.as_dict()).model_dump(mode="json", by_alias=True) ' +
          'for r in rows], headers={"X-Count": str(len(rows))})',
      ],
      [
        'python.json-encoder#encoder',
        'return JSONResponse(content=jsonable_encoder([r.as_dict() for r in rows]), ' +
          'headers={"X-Count": str(len(rows))})',
      ],
    ]);
    const named =
      '@router.get("/reports", response_model=list[Report])\ndef index(rows):\n    return JSONResponse(content=rows)\n';
    expect((await run(named, 11))[0]).toEqual([
      'python.json-encoder',
      'return JSONResponse(content=[Report.model_validate(item).model_dump(mode="json", by_alias=True) ' +
        'for item in rows])',
    ]);
    // A list of a type the module does not know: only jsonable_encoder.
    const body =
      '@router.get("/reports", response_model=list[dict])\ndef index(rows):\n' +
      '    return JSONResponse(content=[r.as_dict() for r in rows])\n';
    expect(await run(body, 11)).toEqual([
      ['python.json-encoder#encoder', 'return JSONResponse(content=jsonable_encoder([r.as_dict() for r in rows]))'],
    ]);
  });
});
