import { describe, expect, it } from 'vitest';
import { pythonHandledBase } from './handled-base.js';
import { candidatesOf } from './test-support/python-context.js';

const errors =
  'class DomainError(Exception):\n    status_code = 400\n\n    def __init__(self, detail):\n' +
  '        super().__init__(detail)\n        self.detail = detail\n\n\ndef register(app):\n' +
  '    @app.exception_handler(DomainError)\n    async def handler(request, exc):\n' +
  '        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail})\n';
const stock = (base: string, attribute = '    status_code = 409\n') =>
  'from app.errors import DomainError\n\n\nclass NotFound(DomainError):\n    status_code = 404\n\n\n' +
  `class InsufficientStock(${base}):\n${attribute}\n\ndef use(n):\n    raise InsufficientStock("only 3 in stock")\n`;
const run = (source: string, type = 'app.services.stock.InsufficientStock') =>
  candidatesOf(pythonHandledBase, {
    files: { 'app/errors.py': errors, 'app/services/stock.py': source },
    exception: { type, message: 'only 3 in stock' },
  });

describe('python.handled-base', () => {
  it("derives the escaped exception from the base the app's handler answers", async () => {
    const found = await run(stock('Exception'));
    expect(found.map((f) => f.changed['app/services/stock.py'])).toEqual([stock('DomainError')]);
  });

  it('leaves a class with a base of its own, and a builtin exception', async () => {
    expect(await run(stock('DomainError'))).toEqual([]);
    expect(await run(stock('Exception'), 'ValueError')).toEqual([]);
  });
});
