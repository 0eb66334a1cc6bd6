/**
 * The checks of one response: no 5xx, a documented status, and a body that conforms to the
 * documented schema (ajv, draft 2020-12, `strict: false`; 3.0 `nullable` converted).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ViolationKind } from '../smoke-result.js';
import { toJsonSchema } from './generate/schema-utils.js';
import type { HttpResponse } from './http-client.js';
import { isJsonMediaType, type ApiResponse, type JsonSchema } from './openapi/api-model.js';

// ajv-formats is CommonJS; under nodenext its callable is on `.default`.
const addFormats =
  (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default ??
  (addFormatsModule as unknown as (ajv: Ajv2020) => void);

const LENIENT_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** A failed check. */
export interface CheckFailure {
  readonly kind: ViolationKind;
  readonly message: string;
}

/** Outcome of checking one response. */
interface CheckOutcome {
  readonly failure?: CheckFailure;
  /** The parsed JSON body, when there is one. */
  readonly json?: unknown;
  readonly notes: readonly string[];
}

/** Checks responses against scenarios' expectations; compiled schemas are cached. */
export interface ResponseChecker {
  check(response: HttpResponse, expected: readonly number[], responses: readonly ApiResponse[]): CheckOutcome;
}

/** Creates a checker with its own ajv instance. */
export function createResponseChecker(): ResponseChecker {
  // Each schema is compiled once per run and used a few times: ajv's code optimisation passes cost
  // more than they save here (~70 ms of a short CLI run's start-up for a 30-operation API).
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateSchema: false,
    code: { optimize: false },
  });
  addFormats(ajv);
  // Pydantic and many ORMs serialise naive datetimes (no offset); RFC 3339 would fail every read of such an app.
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (v: string) => LENIENT_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
  });
  const cache = new WeakMap<object, ValidateFunction | Error>();
  const compile = (schema: JsonSchema): ValidateFunction | Error => {
    if (typeof schema === 'boolean') return ajv.compile(schema);
    let fn = cache.get(schema);
    if (!fn) {
      try {
        fn = ajv.compile(toJsonSchema(schema) as object);
      } catch (error) {
        fn = error as Error;
      }
      cache.set(schema, fn);
    }
    return fn;
  };

  return {
    check(response, expected, responses) {
      const notes: string[] = [];
      const json = parseJson(response);
      const base = json.ok ? { json: json.value } : {};
      const status = response.status;
      if (status >= 500)
        return { ...base, notes, failure: { kind: 'server_error', message: `HTTP ${status} (server error)` } };
      const statusOk = expected.length > 0 ? expected.includes(status) : status < 400;
      if (!statusOk) {
        const want =
          expected.length === 0
            ? 'a status below 400'
            : expected.length > 3
              ? `${expected[0]}–${expected[expected.length - 1]}`
              : expected.join(' or ');
        return {
          ...base,
          notes,
          failure: { kind: 'status_mismatch', message: `expected ${want}, got HTTP ${status}` },
        };
      }
      const documented = documentedResponse(responses, status);
      if (!documented || documented.mediaTypes.length === 0 || status === 204 || status === 304)
        return { ...base, notes };
      const wantsJson = documented.mediaTypes.some(isJsonMediaType);
      if (!wantsJson) return { ...base, notes };
      if (response.truncated) {
        notes.push(`body larger than ${response.bytesRead} bytes: not validated`);
        return { ...base, notes };
      }
      const contentType = response.headers['content-type'] ?? '';
      if (!json.ok) {
        const what = contentType ? contentType.split(';')[0] : 'no content type';
        const why = response.body.trim() === '' ? 'an empty body' : `${what} that is not JSON (${json.error})`;
        return {
          notes,
          failure: {
            kind: 'schema_mismatch',
            message: `documented JSON (${documented.mediaTypes.join(', ')}), got ${why}`,
          },
        };
      }
      if (contentType && !isJsonMediaType(contentType)) notes.push(`JSON body served as ${contentType}`);
      if (documented.schema === undefined) return { ...base, notes };
      const validate = compile(documented.schema);
      if (validate instanceof Error) {
        notes.push(`response schema not checked: ${validate.message}`);
        return { ...base, notes };
      }
      if (validate(json.value)) return { ...base, notes };
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => {
        const extra =
          e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : '';
        return `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${extra}`;
      });
      return {
        ...base,
        notes,
        failure: {
          kind: 'schema_mismatch',
          message: `body does not match the HTTP ${documented.status} schema: ${errors.join('; ')}`,
        },
      };
    },
  };
}

/** The documented response for a status: exact, then `2XX`-style, then `default`. */
function documentedResponse(responses: readonly ApiResponse[], status: number): ApiResponse | undefined {
  return (
    responses.find((r) => r.status === String(status)) ??
    responses.find((r) => r.status === `${String(status)[0]}XX`) ??
    responses.find((r) => r.status === 'DEFAULT')
  );
}

function parseJson(response: HttpResponse): { ok: true; value: unknown } | { ok: false; error: string } {
  if (response.truncated) return { ok: false, error: 'truncated' };
  const text = response.body.trim();
  if (text === '') return { ok: false, error: 'empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message.slice(0, 120) };
  }
}
