import type { SmokeResult, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { patchFor, smokeResult } from '../test-support/fakes.js';
import { judgePatch, replacedLines, writtenLines } from './judge-patch.js';

/** `after` where scenario `id` now fails with another error at `file:line` (a trace). */
function failsAt(result: SmokeResult, id: string, file: string, line: number, type = 'TypeError'): SmokeResult {
  const violations = result.violations.map(
    (v): Violation =>
      v.scenarioId === id
        ? {
            ...v,
            traces: [{} as Violation['traces'][number]],
            signature: {
              hash: `new-${file}:${line}`,
              key: `${type}@${file}:${line} h: x`,
              exceptionType: type,
              file,
              line,
              message: 'x',
            },
          }
        : v,
  );
  return { ...result, violations };
}

const before = smokeResult({ a: 500, b: 'pass' });
const patch = {
  ...patchFor('a'),
  diff: '--- a/app/a.py\n+++ b/app/a.py\n@@ -10,3 +10,3 @@\n ctx\n-old = call()\n+old = other()\n ctx\n',
};

describe('judgePatch', () => {
  it('accepts a patch whose root cause passes now', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'passes',
    });
  });

  it('rejects a patch after which the same error remains (a misfire elsewhere)', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 500, b: 'pass' }))).toMatchObject({
      accepted: false,
      rule: 'same-error',
    });
  });

  it('rejects a patch that moved the exception to a line it wrote (a renamed call, a dropped field)', () => {
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 11);
    expect(judgePatch(patch, before, after)).toMatchObject({ accepted: false, rule: 'fails-at-patched-line' });
  });

  it('accepts a route declared earlier whose moved body fails next: a moved line is no line the patch wrote', () => {
    const move = {
      ...patchFor('a'),
      diff:
        '--- a/app/a.py\n+++ b/app/a.py\n@@ -10,2 +10,5 @@\n ctx\n+@router.get("/overdue")\n+def overdue():\n' +
        '+    now = datetime.now(timezone.utc)\n ctx\n@@ -30,4 +33,1 @@\n ctx\n-@router.get("/overdue")\n' +
        '-def overdue():\n-    now = datetime.now(timezone.utc)\n',
    };
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 13);
    expect(judgePatch(move, before, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
    // The same line written anew (not found among the removed ones) is the patch's.
    const rewritten = {
      ...move,
      diff: move.diff.replace('+    now = datetime.now(timezone.utc)', '+    now = now_utc()'),
    };
    expect(judgePatch(rewritten, before, after)).toMatchObject({ accepted: false, rule: 'fails-at-patched-line' });
  });

  it('accepts a fix that uncovers the next bug further down the request path (progress)', () => {
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 30, 'ZeroDivisionError');
    expect(judgePatch(patch, before, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
  });

  it(`accepts a fix after which the same kind of error comes from a later line of the same function (the next \
bug)`, () => {
    const at = (result: SmokeResult, line: number, message: string): SmokeResult => ({
      ...result,
      violations: result.violations.map((v) => ({
        ...v,
        traces: [{ exception: { type: 'AttributeError', message } } as unknown as Violation['traces'][number]],
        signature: { ...v.signature, file: 'app/a.py', line, exceptionType: 'AttributeError' },
      })),
    });
    const old = at(before, 12, "'coroutine' object has no attribute 'total'");
    const next = at(smokeResult({ a: 500, b: 'pass' }), 20, "'Tour' object has no attribute 'title'");
    expect(judgePatch(patch, old, next)).toMatchObject({ accepted: true, rule: 'fails-later' });
    const again = at(smokeResult({ a: 500, b: 'pass' }), 12, "'Tour' object has no attribute 'title'");
    expect(judgePatch(patch, old, again)).toMatchObject({ accepted: false, rule: 'same-error' });
  });

  it('rejects a route fix after which the route still answers 404', () => {
    const route = {
      ...patchFor('a'),
      rootCause: 'route-missing',
      signature: { ...patchFor('a').signature, hash: 'route' },
    };
    const missing = smokeResult({ a: 404, b: 'pass' });
    const beforeRoute = {
      ...missing,
      violations: missing.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'route-404' } })),
    };
    const afterRoute = {
      ...missing,
      violations: missing.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'route-404-again' } })),
    };
    expect(judgePatch(route, beforeRoute, afterRoute)).toMatchObject({ accepted: false, rule: 'same-failure' });
  });

  it("rejects a guard whose status the smoke took for the example's absence (blocked after it was sent)", () => {
    const guard = {
      ...patchFor('a'),
      diff:
        '--- a/src/s.js\n+++ b/src/s.js\n@@ -5,2 +5,3 @@\n   const member = repo.findById(data.memberKey);\n' +
        "+  if (!member) throw new NotFoundError('Member not found');\n   return member.level;\n",
    };
    const refused = smokeResult({ a: 'blocked', b: 'pass' });
    const sentWith = (note: string) => ({
      ...refused,
      scenarios: refused.scenarios.map((s) => (s.id === 'a' ? { ...s, actualStatus: 404, notes: [note] } : s)),
    });
    const seeded = sentWith(
      "member_id is the contract's example 3: nothing in the contract creates members, and every start begins " +
        "from the same data; the contract's example answered 404",
    );
    expect(judgePatch(guard, before, seeded)).toMatchObject({ accepted: false, rule: 'answers-from-patch' });
    // Likewise the seeded record a `[documented ids]` change failed on before (a frozen seed row).
    const change = sentWith(
      "member_id is the contract's example 3; the contract's example answered 404 " +
        '(a seeded record may be in a state that refuses the change, or not exist)',
    );
    expect(judgePatch(guard, before, change)).toMatchObject({ accepted: false, rule: 'answers-from-patch' });
    // An example standing in for an id nothing provided may really be absent: a 404 guard stays unverified.
    const fallback = sentWith(
      "no members id for member_id: nothing creates or lists it; the contract's example answered 404",
    );
    expect(judgePatch(guard, before, fallback)).toMatchObject({ accepted: true, rule: 'unverified' });
    expect(judgePatch(guard, before, refused)).toMatchObject({ accepted: true, rule: 'unverified' });
  });

  it('does not call a blocked scenario a failure', () => {
    expect(judgePatch(patch, before, smokeResult({ a: 'blocked', b: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'unverified',
    });
  });
});

describe('writtenLines', () => {
  it('numbers the added lines as they stand in the new file', () => {
    const diff =
      '--- a/x.py\n+++ b/x.py\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n+B2\n c\n d\n@@ -20,2 +21,2 @@\n y\n-z\n+Z\n' +
      '--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,2 @@\n+n1\n+n2\n';
    expect(writtenLines(diff)).toEqual(
      new Map([
        ['x.py', new Set([2, 3, 22])],
        ['new.py', new Set([1, 2])],
      ]),
    );
  });

  it('replacedLines numbers the removed lines as they stood in the old file', () => {
    const diff =
      '--- a/x.py\n+++ b/x.py\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n+B2\n c\n d\n@@ -20,2 +21,2 @@\n y\n-z\n+Z\n' +
      '--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,2 @@\n+n1\n+n2\n';
    expect(replacedLines(diff)).toEqual(new Map([['x.py', new Set([2, 21])]]));
  });
});

describe('judgePatch: errors that follow from the patch', () => {
  const dropping = {
    ...patchFor('a'),
    diff:
      '--- a/app/a.py\n+++ b/app/a.py\n@@ -20,3 +20,3 @@\n ctx\n' +
      '-    patient = Patient(**payload.model_dump())\n' +
      '+    patient = Patient(**payload.model_dump(exclude={"date_of_birth"}))\n ctx\n',
  };
  const withMessage = (
    result: SmokeResult,
    id: string,
    message: string,
    file = 'app/db.py',
    line = 99,
  ): SmokeResult => ({
    ...result,
    violations: result.violations.map(
      (v): Violation =>
        v.scenarioId === id
          ? {
              ...v,
              message,
              traces: [{ exception: { type: 'IntegrityError', message } } as Violation['traces'][number]],
              signature: {
                hash: 'new',
                key: `IntegrityError@${file}:${line} commit: x`,
                exceptionType: 'IntegrityError',
                file,
                line,
                message,
              },
            }
          : v,
    ),
  });

  it('rejects a later failure on a column named by the field the patch stopped passing (caused-by-patch)', () => {
    const after = withMessage(
      smokeResult({ a: 500, b: 'pass' }),
      'a',
      'NOT NULL constraint failed: patients.birth_date',
    );
    expect(judgePatch(dropping, before, after)).toMatchObject({ accepted: false, rule: 'caused-by-patch' });
  });

  it('accepts a later, unrelated failure: the fix uncovered the next bug', () => {
    const after = withMessage(smokeResult({ a: 500, b: 'pass' }), 'a', 'division by zero', 'app/stats.py', 40);
    expect(judgePatch(dropping, before, after)).toMatchObject({ accepted: true, rule: 'fails-later' });
  });

  it('rejects a scenario now answered by the 404 the patch itself raises', () => {
    const raising = {
      ...patchFor('a'),
      diff:
        '--- a/app/a.py\n+++ b/app/a.py\n@@ -5,2 +5,4 @@\n     order = db.get(Order, order_id)\n' +
        '+    if order is None:\n+        raise HTTPException(status_code=404, detail="Order not found")\n' +
        '     return order.total\n',
    };
    const answered = smokeResult({ a: 404, b: 'pass' });
    const synthetic = {
      ...answered,
      violations: answered.violations.map((v) => ({
        ...v,
        signature: { hash: 'status-404', key: 'GET /a 404', exceptionType: 'HTTP 404', message: 'HTTP 404' },
      })),
    };
    expect(judgePatch(raising, before, synthetic)).toMatchObject({ accepted: false, rule: 'answers-from-patch' });
    expect(judgePatch(raising, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'passes',
    });
  });

  it('rejects a handler that hides the error, even when the scenario passes; a forwarding one is fine', () => {
    const hiding = {
      ...patchFor('a'),
      diff:
        '--- a/app/a.py\n+++ b/app/a.py\n@@ -5,1 +5,4 @@\n-    return compute(x)\n+    try:\n' +
        '+        return compute(x)\n+    except Exception:\n+        return {}\n',
    };
    expect(judgePatch(hiding, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({
      accepted: false,
      rule: 'swallows-error',
    });
    const forwarding = {
      ...patchFor('a'),
      diff:
        '--- a/src/a.js\n+++ b/src/a.js\n@@ -5,1 +5,5 @@\n-  res.json(await svc.list());\n+  try {\n' +
        '+    res.json(await svc.list());\n+  } catch (err) {\n+    next(err);\n+  }\n',
    };
    expect(judgePatch(forwarding, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({ accepted: true });
    const guardedDefault = {
      ...patchFor('a'),
      diff:
        '--- a/src/a.js\n+++ b/src/a.js\n@@ -5,1 +5,5 @@\n-  const tags = JSON.parse(row.tags);\n' +
        '+  let tags;\n+  try {\n+    tags = JSON.parse(row.tags);\n+  } catch {\n+    tags = [];\n+  }\n',
    };
    expect(judgePatch(guardedDefault, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({ accepted: true });
  });
});

describe('judgePatch: answers against the contract, crashes contained', () => {
  const synthetic = (result: SmokeResult, kind: Violation['kind']): SmokeResult => ({
    ...result,
    violations: result.violations.map((v) => ({
      ...v,
      kind,
      message: `${kind} on ${v.endpoint}`,
      signature: { hash: `${kind}-${v.endpoint}`, key: `${kind} ${v.endpoint}`, exceptionType: kind, message: kind },
    })),
  });
  /** `before` where the request raised a TypeError with this message (a trace). */
  const raised = (message: string): SmokeResult => ({
    ...before,
    violations: before.violations.map((v) => ({
      ...v,
      traces: [{} as Violation['traces'][number]],
      signature: { ...v.signature, exceptionType: 'TypeError', message },
    })),
  });
  /** The request now answered `status` with a body that breaks its schema with `error`. */
  const answeredOffSchema = (status: number, error: string): SmokeResult => {
    const after = synthetic(smokeResult({ a: status, b: 'pass' }), 'schema_mismatch');
    return {
      ...after,
      violations: after.violations.map((v) => ({
        ...v,
        actualStatus: status,
        message: `body does not match the HTTP ${status} schema: ${error}`,
      })),
    };
  };

  it(`an exception that now completes 2xx with a body off the contract got further (the next bug builds the body); one \
answered 4xx did not`, () => {
    const traced = {
      ...before,
      violations: before.violations.map((v) => ({ ...v, traces: [{} as Violation['traces'][number]] })),
    };
    expect(judgePatch(patch, traced, synthetic(smokeResult({ a: 200, b: 'pass' }), 'schema_mismatch'))).toMatchObject({
      accepted: true,
      rule: 'fails-later',
    });
    expect(judgePatch(patch, traced, synthetic(smokeResult({ a: 400, b: 'pass' }), 'status_mismatch'))).toMatchObject({
      accepted: false,
      rule: 'wrong-response',
    });
  });

  it(`rejects a serialisation error turned into a 2xx whose body is off its schema (a cycle "made safe"); the same \
later failure after another error is progress`, () => {
    const cyclic = raised("Converting circular structure to JSON --> starting at object with constructor 'Object'");
    const offSchema = synthetic(smokeResult({ a: 200, b: 'pass' }), 'schema_mismatch');
    expect(judgePatch(patch, cyclic, offSchema)).toMatchObject({ accepted: false, rule: 'wrong-response' });
    const bigint = {
      ...cyclic,
      violations: cyclic.violations.map((v) => ({
        ...v,
        signature: { ...v.signature, message: 'Do not know how to serialize a BigInt' },
      })),
    };
    expect(judgePatch(patch, bigint, offSchema)).toMatchObject({ accepted: false, rule: 'wrong-response' });
    expect(judgePatch(patch, bigint, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'passes',
    });
  });

  it(`after a serialisation fix, a body lacking only a key the patch never names is the next bug; a key it names or a \
value it drops is its own doing`, () => {
    const bigint = raised('Do not know how to serialize a BigInt');
    const lacking = (key: string) => answeredOffSchema(200, `/byPlan/0 must have required property '${key}'`);
    const converts = (line: string) => ({
      ...patch,
      diff: `--- a/src/repo.js\n+++ b/src/repo.js\n@@ -4,3 +4,3 @@\n ctx\n-    return rows;\n+    ${line}\n ctx\n`,
    });
    const atSource = converts('return rows.map((r) => ({ ...r, revenueCents: Number(r.revenueCents) }));');
    expect(judgePatch(atSource, bigint, lacking('plan'))).toMatchObject({ accepted: true, rule: 'fails-later' });
    expect(judgePatch(atSource, bigint, lacking('revenueCents'))).toMatchObject({ accepted: false });
    const dropping = converts(
      "return JSON.parse(JSON.stringify(rows, (k, v) => (typeof v === 'bigint' ? undefined : v)));",
    );
    expect(judgePatch(dropping, bigint, lacking('plan'))).toMatchObject({ accepted: false, rule: 'wrong-response' });
  });

  it(`rejects a crash turned into a 2xx lacking the key the patched line builds (a member renamed to one that is \
not there); a key built elsewhere is the next bug`, () => {
    const crashed = raised("Cannot read properties of undefined (reading 'name')");
    const lacking = (key: string) => answeredOffSchema(201, `(body) must have required property '${key}'`);
    const renamed = {
      ...patch,
      diff:
        '--- a/src/orders.js\n+++ b/src/orders.js\n@@ -22,3 +22,3 @@\n ctx\n' +
        '-    makerName: rake.maker.name,\n+    makerName: rake.makerId.name,\n ctx\n',
    };
    expect(judgePatch(renamed, crashed, lacking('makerName'))).toMatchObject({
      accepted: false,
      rule: 'wrong-response',
    });
    expect(judgePatch(renamed, crashed, lacking('createdAt'))).toMatchObject({ accepted: true, rule: 'fails-later' });
    const python = { ...renamed, diff: renamed.diff.replace(/makerName: /g, 'maker_name=') };
    expect(judgePatch(python, crashed, lacking('maker_name'))).toMatchObject({ accepted: false });
  });

  it(`rejects a refusal turned into a 2xx whose value is off its schema under a key the patch writes (a date \
coerced into a date-time); a key it does not write is the next bug`, () => {
    const refused = smokeResult({ a: 400, b: 'pass' });
    const off = (error: string) => answeredOffSchema(201, error);
    const coerced = {
      ...patch,
      diff:
        '--- a/src/schemas.js\n+++ b/src/schemas.js\n@@ -27,3 +27,3 @@\n ctx\n' +
        '-  commissionedOn: z.date(),\n+  commissionedOn: z.coerce.date(),\n ctx\n',
    };
    expect(judgePatch(coerced, refused, off('/commissionedOn must match format "date"'))).toMatchObject({
      accepted: false,
      rule: 'wrong-response',
    });
    expect(judgePatch(coerced, refused, off('/items/0/weight must be number'))).toMatchObject({
      accepted: true,
      rule: 'fails-later',
    });
  });

  it(`rejects a mapping after which the write answers 2xx with null for the value the request sent under that \
name`, () => {
    const traced = {
      ...before,
      violations: before.violations.map((v) => ({
        ...v,
        traces: [{} as Violation['traces'][number]],
        signature: {
          ...v.signature,
          exceptionType: 'TypeError',
          message: "'phone_number' is an invalid keyword argument",
        },
      })),
    };
    const answered = synthetic(smokeResult({ a: 201, b: 'pass' }), 'schema_mismatch');
    const dropping: SmokeResult = {
      ...answered,
      violations: answered.violations.map((v) => ({
        ...v,
        actualStatus: 201,
        message: `the answer drops request data: 'phone' (sent "+1 555 0100") answered as null`,
      })),
    };
    const mapping = {
      ...patch,
      diff:
        '--- a/app/services/customers.py\n+++ b/app/services/customers.py\n@@ -8,3 +8,3 @@\n ctx\n' +
        '-    customer = Customer(**data)\n' +
        '+    customer = Customer(**{k: v for k, v in data.items() if k != "phone_number"}, ' +
        'phone=data.get("phone_number"))\n ctx\n',
    };
    expect(judgePatch(mapping, traced, dropping)).toMatchObject({ accepted: false, rule: 'caused-by-patch' });
  });

  it(`rejects a patch after which the app survives but the same error still answers 500 (contained is not \
fixed)`, () => {
    const crashed = synthetic(smokeResult({ a: 500, b: 'pass' }), 'crash');
    const contained = {
      ...crashed,
      violations: crashed.violations.map((v) => ({ ...v, kind: 'server_error' as const })),
    };
    const wrapper = { ...patch, signature: crashed.violations[0]!.signature };
    expect(judgePatch(wrapper, crashed, contained)).toMatchObject({ accepted: false, rule: 'same-error' });
    expect(judgePatch(wrapper, crashed, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'passes',
    });
  });
});

describe('judgePatch: later means further on', () => {
  it('rejects another error at the line that failed before (a wrong import of a same-named function)', () => {
    const old = smokeResult({ a: 500, b: 'pass' });
    const located = {
      ...old,
      violations: old.violations.map((v) => ({
        ...v,
        traces: [{} as Violation['traces'][number]],
        signature: { ...v.signature, file: 'app/a.py', line: 16 },
      })),
    };
    const wrongImport = { ...patch, signature: located.violations[0]!.signature };
    const after = failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 16);
    expect(judgePatch(wrongImport, located, after)).toMatchObject({ accepted: false, rule: 'fails-at-same-line' });
    expect(
      judgePatch(wrongImport, located, failsAt(smokeResult({ a: 500, b: 'pass' }), 'a', 'app/a.py', 18)),
    ).toMatchObject({ accepted: true, rule: 'fails-later' });
  });
});

describe('judgePatch: a route that now answers', () => {
  it(`a missing route that now answers 2xx off the contract got further (its handler is the next bug); one that \
answers 4xx did not`, () => {
    const missing = smokeResult({ a: 404, b: 'pass' });
    const mount = { ...patchFor('a'), signature: missing.violations[0]!.signature };
    const answers = (status: number, kind: Violation['kind']): SmokeResult => {
      const r = smokeResult({ a: status, b: 'pass' });
      return {
        ...r,
        violations: r.violations.map((v) => ({
          ...v,
          kind,
          signature: { hash: `${kind}-${status}`, key: `${kind} ${status}`, exceptionType: kind, message: kind },
        })),
      };
    };
    expect(judgePatch(mount, missing, answers(200, 'status_mismatch'))).toMatchObject({
      accepted: true,
      rule: 'fails-later',
    });
    expect(judgePatch(mount, missing, answers(422, 'status_mismatch'))).toMatchObject({
      accepted: false,
      rule: 'wrong-response',
    });
  });
});

describe('judgePatch: a request that now gets no answer', () => {
  const missing = smokeResult({ a: 404, b: 'pass' });
  const mount = { ...patchFor('a'), signature: missing.violations[0]!.signature };
  const unanswered = (kind: Violation['kind'], traced: boolean): SmokeResult => {
    const r = smokeResult({ a: 500, b: 'pass' });
    return {
      ...r,
      violations: r.violations.map((v) => ({
        ...v,
        kind,
        actualStatus: null,
        traces: traced ? [{} as Violation['traces'][number]] : [],
        signature: traced
          ? {
              hash: 'later',
              key: 'Error@src/later.ts:30 f: x',
              exceptionType: 'Error',
              file: 'src/later.ts',
              line: 30,
              message: 'x',
            }
          : { hash: `${kind}-a`, key: `${kind}@GET /a: no response`, exceptionType: kind, message: 'no response' },
      })),
    };
  };

  it(`rejects a patch after which the request hangs or the connection drops, with no trace (a router factory mounted \
as middleware)`, () => {
    for (const kind of ['timeout', 'connection_error', 'crash'] as const)
      expect(judgePatch(mount, missing, unanswered(kind, false)), kind).toMatchObject({
        accepted: false,
        rule: 'no-response',
      });
  });

  it(`a crash with a trace at a line the patch did not write is progress; a request that already hung is not judged on \
the hang`, () => {
    expect(judgePatch(mount, missing, unanswered('crash', true))).toMatchObject({
      accepted: true,
      rule: 'fails-later',
    });
    const hung = unanswered('timeout', false);
    const fix = { ...patchFor('a'), signature: hung.violations[0]!.signature };
    const stillHung = {
      ...hung,
      violations: hung.violations.map((v) => ({ ...v, signature: { ...v.signature, hash: 'other' } })),
    };
    expect(judgePatch(fix, hung, stillHung).rule).not.toBe('no-response');
  });
});

describe('judgePatch: a Fastify handler answering the documented 400 from a catch', () => {
  it('is not swallowing', () => {
    const fastify = {
      ...patchFor('a'),
      diff:
        '--- a/src/a.js\n+++ b/src/a.js\n@@ -5,1 +5,5 @@\n' +
        '-  const filter = JSON.parse(request.query.filter);\n+  let filter;\n+  try {\n' +
        '+    filter = JSON.parse(request.query.filter);\n+  } catch (err) {\n' +
        "+    return reply.code(400).send({ error: 'filter is not valid JSON' });\n+  }\n",
    };
    expect(judgePatch(fastify, before, smokeResult({ a: 'pass', b: 'pass' }))).toMatchObject({ accepted: true });
  });
});

describe('judgePatch: several missing routes are one root cause', () => {
  const missing = smokeResult({ a: 404, b: 404, c: 'pass' });
  const mount = { ...patchFor('a'), rootCause: 'route-missing', endpoints: ['GET /a', 'GET /b'] };

  it('a patch that brings back some of them is kept; the rest stay for the next round', () => {
    expect(judgePatch(mount, missing, smokeResult({ a: 'pass', b: 404, c: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'passes',
      detail: 'a passes (1 other route still 404)',
    });
  });

  it('a route now served whose handler refuses the request (400) got further: kept, the 400 is the next bug', () => {
    expect(judgePatch(mount, missing, smokeResult({ a: 400, b: 404, c: 'pass' }))).toMatchObject({
      accepted: true,
      rule: 'fails-later',
    });
  });

  it('a 405 (the method refused) or a 4xx the patch itself writes is not served: rejected', () => {
    expect(judgePatch(mount, missing, smokeResult({ a: 405, b: 404, c: 'pass' }))).toMatchObject({
      accepted: false,
    });
    const answering = {
      ...mount,
      diff:
        '--- a/src/a.js\n+++ b/src/a.js\n@@ -1,1 +1,2 @@\n app.use(x);\n' +
        "+app.get('/a', (req, res) => res.status(400).end());\n",
    };
    expect(judgePatch(answering, missing, smokeResult({ a: 400, b: 404, c: 'pass' }))).toMatchObject({
      accepted: false,
    });
  });

  it('one that brings back none is rejected', () => {
    expect(judgePatch(mount, missing, smokeResult({ a: 404, b: 404, c: 'pass' }))).toMatchObject({
      accepted: false,
      rule: 'same-failure',
    });
  });

  it(`tests whose 404s were read as missing routes are its own by nodeid (their endpoint is the nodeid in the \
smoke)`, () => {
    const asTests = (result: SmokeResult): SmokeResult => ({
      ...result,
      violations: result.violations.map(
        ({ scenarioId, ...v }): Violation => ({
          ...v,
          nodeid: `tests/test_x.py::test_${scenarioId}`,
          endpoint: `tests/test_x.py::test_${scenarioId}`,
        }),
      ),
    });
    const fromTests = {
      ...mount,
      endpoints: ['POST /a', 'GET /b'],
      failures: ['tests/test_x.py::test_a', 'tests/test_x.py::test_b'],
    };
    const before = asTests(missing);
    expect(judgePatch(fromTests, before, asTests(smokeResult({ a: 404, b: 'pass', c: 'pass' })))).toMatchObject({
      accepted: true,
      rule: 'passes',
      detail: 'tests/test_x.py::test_b passes (1 other route still 404)',
    });
    expect(judgePatch(fromTests, before, asTests(missing))).toMatchObject({ accepted: false, rule: 'same-failure' });
  });
});
