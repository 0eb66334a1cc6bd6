import { describe, expect, it } from 'vitest';
import { pythonUnregisteredHandler } from './unregistered-handler.js';
import { candidatesOf } from './test-support/python-context.js';

const errors = `from fastapi.responses import JSONResponse


class NotFoundError(Exception):
    pass


class ConflictError(Exception):
    pass


async def not_found_handler(request, exc: NotFoundError):
    return JSONResponse(status_code=404, content={"detail": str(exc)})


async def conflict_handler(request, exc: ConflictError):
    return JSONResponse(status_code=409, content={"detail": str(exc)})
`;
const main = (registrations: string) => `from fastapi import FastAPI

from app.errors import NotFoundError, not_found_handler


def create_app():
    app = FastAPI()
${registrations}    return app
`;

async function run(mainSource: string, raised = 'app.errors.ConflictError') {
  const found = await candidatesOf(pythonUnregisteredHandler, {
    files: { 'app/__init__.py': '', 'app/errors.py': errors, 'app/main.py': mainSource },
    exception: { type: raised, message: 'kiln 1 is already firing' },
  });
  return found.map((c) => c.changed['app/main.py']);
}

describe('python.unregistered-handler', () => {
  it("registers the project's handler for the raised exception beside its siblings, importing both", async () => {
    const registered = '    app.add_exception_handler(NotFoundError, not_found_handler)\n';
    expect(await run(main(registered))).toEqual([
      main(`${registered}    app.add_exception_handler(ConflictError, conflict_handler)\n`).replace(
        'import NotFoundError, not_found_handler',
        'import conflict_handler, ConflictError, not_found_handler, NotFoundError',
      ),
    ]);
  });

  it('leaves an exception already registered, one without a handler, and an app registering none', async () => {
    const both =
      '    app.add_exception_handler(NotFoundError, not_found_handler)\n' +
      '    app.add_exception_handler(ConflictError, conflict_handler)\n';
    expect(await run(main(both))).toEqual([]);
    expect(await run(main('    app.add_exception_handler(NotFoundError, not_found_handler)\n'), 'ValueError')).toEqual(
      [],
    );
    expect(await run(main(''))).toEqual([]);
  });
});
