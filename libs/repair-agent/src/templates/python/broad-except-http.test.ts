import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonBroadExceptHttp } from './broad-except-http.js';
import { candidatesOf } from './test-support/python-context.js';

const ENDPOINT = 'POST /loans/{loan_id}/return';
const errors = `class LibraryError(Exception):
    status_code = 400

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class MissingError(LibraryError):
    status_code = 404


class StateError(LibraryError):
    status_code = 409
`;
const main = `from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.errors import LibraryError
from app.routers import loans

app = FastAPI()


@app.exception_handler(LibraryError)
async def library_error(_: Request, exc: LibraryError) -> JSONResponse:
    return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail})


app.include_router(loans.router)
`;
const service = (raises: string) => `from app.errors import MissingError, StateError


def find_loan(db, loan_id):
    loan = db.get(Loan, loan_id)
    if loan is None:
        ${raises}
    return loan


def return_loan(db, loan_id):
    loan = find_loan(db, loan_id)
    loan.returned = True
    return loan
`;
const router = (imports: string, answer: string) => `import logging

${imports}

from app.services import loans as loan_service

router = APIRouter(prefix="/loans")


@router.post("/{loan_id}/return")
def return_loan(loan_id: int, db=Depends(get_db)):
    try:
        loan = loan_service.return_loan(db, loan_id)
    except Exception as exc:
        logging.exception("return failed")
        ${answer}
    return loan
`;
const FASTAPI = 'from fastapi import APIRouter, Depends, HTTPException';
const FAIL_500 = 'raise HTTPException(status_code=500, detail="Could not return the loan") from exc';

const asserted = {
  kind: 'test_failure',
  endpoints: [ENDPOINT],
  violations: [{ endpoint: ENDPOINT, kind: 'test_failure', message: 'assert 500 == 404', signature: { message: '' } }],
} as unknown as Partial<RootCause>;

async function run(routes: string, raises: string, cause: Partial<RootCause> = asserted, exception?: string) {
  const found = await candidatesOf(pythonBroadExceptHttp, {
    files: {
      'app/main.py': main,
      'app/errors.py': errors,
      'app/services/loans.py': service(raises),
      'app/routers/loans.py': routes,
    },
    cause,
    ...(exception ? { exception: { type: exception, message: 'boom' } } : {}),
  });
  return found.map((c) => c.changed['app/routers/loans.py']);
}

describe('python.broad-except-http', () => {
  it('lets a handled domain error through a catch-all that answers 500, importing its base class', async () => {
    const routes = router(FASTAPI, FAIL_500);
    const fixed = routes
      .replace(
        '    except Exception as exc:',
        '    except (HTTPException, LibraryError):\n        raise\n    except Exception as exc:',
      )
      .replace('as loan_service\n', 'as loan_service\nfrom app.errors import LibraryError\n');
    expect(await run(routes, 'raise MissingError("Loan not found")')).toEqual([fixed]);
    // The test's own AssertionError, as test-command mode reports it, is no crash of the app.
    expect(await run(routes, 'raise MissingError("Loan not found")', asserted, 'AssertionError')).toEqual([fixed]);
  });

  it('lets an HTTPException through a catch-all that returns a 500 response, seen as a status mismatch', async () => {
    const routes = router(
      'from fastapi import APIRouter, Depends\nfrom fastapi.responses import JSONResponse',
      'return JSONResponse(status_code=500, content={"detail": "failed"})',
    );
    const raises = 'raise HTTPException(status_code=404, detail="Loan not found")';
    const cause = {
      kind: 'status_mismatch',
      endpoints: [ENDPOINT],
      violations: [
        {
          endpoint: ENDPOINT,
          kind: 'status_mismatch',
          expectedStatus: 404,
          actualStatus: 500,
          message: '',
          signature: { message: '' },
        },
      ],
    } as unknown as Partial<RootCause>;
    const fixed = routes
      .replace('    except Exception as exc:', '    except HTTPException:\n        raise\n    except Exception as exc:')
      .replace('from fastapi import APIRouter, Depends\n', 'from fastapi import APIRouter, Depends, HTTPException\n');
    expect(await run(routes, raises, cause)).toEqual([fixed]);
  });

  it('leaves a catch-all that re-raises or answers 4xx, a try raising nothing the app answers, a crash', async () => {
    const missing = 'raise MissingError("Loan not found")';
    expect(await run(router(FASTAPI, 'raise'), missing)).toEqual([]);
    expect(await run(router(FASTAPI, 'raise HTTPException(status_code=400, detail="bad") from exc'), missing)).toEqual(
      [],
    );
    expect(await run(router(FASTAPI, FAIL_500), 'raise ValueError("no loan")')).toEqual([]);
    // The log shows a real crash inside the try: that is the bug, not the catch-all.
    expect(await run(router(FASTAPI, FAIL_500), missing, asserted, 'AttributeError')).toEqual([]);
    // A 500 where a success was expected is no documented refusal.
    const success = {
      ...asserted,
      violations: [
        { endpoint: ENDPOINT, kind: 'test_failure', message: 'assert 500 == 200', signature: { message: '' } },
      ],
    } as unknown as Partial<RootCause>;
    expect(await run(router(FASTAPI, FAIL_500), missing, success)).toEqual([]);
  });
});
