import { describe, expect, it } from 'vitest';
import { pythonKeywordName } from './keyword-name.js';
import { candidatesOf } from './test-support/python-context.js';

async function run(source: string, line: number, message: string) {
  const found = await candidatesOf(pythonKeywordName, {
    files: { 'app/routes.py': source },
    culprit: { file: 'app/routes.py', line },
    exception: { type: 'TypeError', message },
  });
  return found.map((c) => [c.key, c.changed['app/routes.py']]);
}

const head = 'from fastapi import APIRouter, HTTPException\n\nrouter = APIRouter()\n\n\n';

describe('python.keyword-name', () => {
  it('renames a misspelt route-decorator keyword (raised at import) to the closest real one', async () => {
    const source =
      `${head}@router.get(\n    "/items/{item_id}",\n    responses_model=dict,\n)\n` +
      `def read(item_id: int):\n    return {}\n`;
    const found = await run(source, 6, "APIRouter.get() got an unexpected keyword argument 'responses_model'");
    expect(found).toEqual([
      ['python.keyword-name#spelling', source.replace('responses_model=dict', 'response_model=dict')],
    ]);
  });

  it(`takes the keyword that means the same when none is spelt close (HTTPException(status=…) at call \
time)`, async () => {
    const source =
      `${head}def read(item):\n    if item is None:\n` +
      `        raise HTTPException(status=404, detail="item not found")\n    return item\n`;
    const found = await run(source, 8, "HTTPException.__init__() got an unexpected keyword argument 'status'");
    expect(found).toEqual([['python.keyword-name#meaning', source.replace('(status=404', '(status_code=404')]]);
  });

  it('leaves callees it does not know and keywords the real parameters are not close to', async () => {
    const source = `${head}def read(item):\n    raise HTTPException(404, reason="gone")\n`;
    expect(await run(source, 7, "HTTPException.__init__() got an unexpected keyword argument 'reason'")).toEqual([]);
    expect(
      await run(
        source.replace('HTTPException(', 'Mystery('),
        7,
        "Mystery.__init__() got an unexpected keyword argument 'reason'",
      ),
    ).toEqual([]);
  });
});
