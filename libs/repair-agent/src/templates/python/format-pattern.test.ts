import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonFormatPattern } from './format-pattern.js';
import { candidatesOf } from './test-support/python-context.js';

const STRICT = String.raw`^[\w.+-]+@[a-z0-9]+\.[a-z]{2,4}$`;
const SOUND = String.raw`^[^\s@]+@[^\s@]+\.[^\s@]{2,}$`;
const schemas = (line: string) =>
  'from pydantic import BaseModel, Field\n\n\nclass KeeperCreate(BaseModel):\n' +
  `    name: str = Field(min_length=1)\n${line}\n`;
const operation = (contact: Record<string, unknown>): ApiOperation => ({
  method: 'post',
  path: '/keepers',
  endpoint: 'POST /keepers',
  parameters: [],
  requestBody: {
    required: true,
    mediaType: 'application/json',
    schema: { type: 'object', properties: { name: { type: 'string' }, contact } },
    example: { name: 'Ada', contact: 'ada.quill+tower@harbour-lights.example.org' },
  },
  responses: [{ status: '201', mediaTypes: ['application/json'] }],
});
const refusal = (excerpt: string) =>
  ({ expectedStatus: 201, actualStatus: 422, responseExcerpt: excerpt, endpoint: 'POST /keepers' }) as Violation;
const run = (files: Record<string, string>, op: ApiOperation, excerpt = '{"detail":[{"loc":["body","contact"]}]}') =>
  candidatesOf(pythonFormatPattern, {
    files,
    operation: op,
    cause: { kind: 'status_mismatch', violations: [refusal(excerpt)], endpoints: ['POST /keepers'] },
  });

describe('python.format-pattern', () => {
  it("puts the contract's own pattern in place of a Field pattern that refuses the example", async () => {
    const documented = String.raw`^[^@\s]+@[^@\s]+\.[^@\s]+$`;
    const files = { 'app/schemas.py': schemas(`    contact: str = Field(pattern=r"${STRICT}", max_length=200)`) };
    const found = await run(files, operation({ type: 'string', pattern: documented }));
    expect(found.map((f) => f.key)).toEqual(['python.format-pattern@app/schemas.py:6']);
    expect(found[0]!.changed['app/schemas.py']).toBe(
      schemas(`    contact: str = Field(pattern=r"${documented}", max_length=200)`),
    );
  });

  it('puts a sound email pattern in a compiled constant named for the format', async () => {
    const validators = `import re\n\nEMAIL_RE = re.compile(r'${STRICT}', re.IGNORECASE)\n`;
    const found = await run({ 'app/validators.py': validators }, operation({ type: 'string', format: 'email' }));
    expect(found[0]!.changed['app/validators.py']).toBe(
      `import re\n\nEMAIL_RE = re.compile(r"${SOUND}", re.IGNORECASE)\n`,
    );
  });

  it('leaves a pattern the example passes, an answer naming another field, a pattern bound elsewhere', async () => {
    const loose = { 'app/schemas.py': schemas(String.raw`    contact: str = Field(pattern=r"^\S+@\S+$")`) };
    expect(await run(loose, operation({ type: 'string', format: 'email' }))).toEqual([]);
    const strict = { 'app/schemas.py': schemas(`    contact: str = Field(pattern=r"${STRICT}")`) };
    expect(await run(strict, operation({ type: 'string', format: 'email' }), '{"detail":"name too long"}')).toEqual([]);
    const described = schemas(`    contact: str = Field(description="regex='${STRICT}' once", max_length=200)`);
    expect(await run({ 'app/schemas.py': described }, operation({ type: 'string', format: 'email' }))).toEqual([]);
    const other = { 'app/schemas.py': schemas(`    code: str = Field(pattern=r"${STRICT}")`) };
    expect(await run(other, operation({ type: 'string', format: 'email' }))).toEqual([]);
  });
});
