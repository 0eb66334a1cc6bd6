// Fields that carry a formatted stack in JSON-lines logs: pino (`err.stack`), bunyan and
// winston (`stack`, `err.stack`, `error.stack`), python-json-logger (`exc_info`), structlog
// (`exception`), logstash-logback-encoder (`stack_trace`), ECS (`error.stack_trace`).
const NESTED_OBJECTS = ['err', 'error', 'exception'] as const;
const STACK_FIELDS = [
  'stack',
  'stack_trace',
  'stacktrace',
  'exc_info',
  'exception',
  'traceback',
  'error.stack_trace',
] as const;
const HINT = /"(?:stack|stack_trace|stacktrace|exc_info|exception|traceback|err|error|log)"\s*:/;

/** What a JSON-lines record holds for the parser. */
export type JsonRecord =
  | { readonly kind: 'stacks'; readonly stacks: readonly string[] }
  /** A docker json-file line (`{"log": "...", "stream": ...}`): one line of plain output. */
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'none' };

const NONE: JsonRecord = { kind: 'none' };

/** Extracts stack texts (or a wrapped plain line) from one JSON-lines record. */
export function readJsonRecord(text: string): JsonRecord {
  const trimmed = text.trim();
  if (trimmed.charCodeAt(0) !== 123 || trimmed.charCodeAt(trimmed.length - 1) !== 125 || !HINT.test(trimmed))
    return NONE;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return NONE;
  }
  if (!isObject(value)) return NONE;
  const stacks = collectStacks(value);
  if (stacks.length > 0) return { kind: 'stacks', stacks };
  if (typeof value['log'] === 'string') return { kind: 'line', text: value['log'].replace(/\r?\n$/, '') };
  return NONE;
}

function collectStacks(record: Record<string, unknown>): string[] {
  const found: string[] = [];
  const add = (candidate: unknown) => {
    if (typeof candidate === 'string' && candidate.includes('\n') && !found.includes(candidate)) found.push(candidate);
  };
  for (const field of STACK_FIELDS) add(record[field]);
  for (const name of NESTED_OBJECTS) {
    const nested = record[name];
    if (isObject(nested)) for (const field of STACK_FIELDS) add(nested[field]);
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
