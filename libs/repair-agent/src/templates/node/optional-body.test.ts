import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodeOptionalBody } from './optional-body.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const controller = (read: string) =>
  'export class ReelController {\n  archive = async (req: Request, res: Response): Promise<void> => {\n' +
  `    const { note } = ${read};\n    res.json({ archived: true, note: note ?? null });\n  };\n}\n`;
const failing = (files: Record<string, string>, required?: boolean): TemplateContext => {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'POST /reels/{id}/archive',
    log: nodeLog("TypeError: Cannot destructure property 'note' of 'req.body' as it is undefined.", [
      'ReelController.archive (/app/src/reels.controller.ts:3:13)',
    ]),
  });
  if (required === undefined) return context;
  const requestBody = { required, mediaType: 'application/json', schema: { type: 'object' } };
  return { ...context, operation: { ...context.operation!, requestBody } };
};
const pkg = (express: string) => JSON.stringify({ type: 'module', dependencies: { express } });
const run = (read: string, express = '^5.1.0', required?: boolean) =>
  allCandidates(
    nodeOptionalBody,
    failing({ 'src/reels.controller.ts': controller(read), 'package.json': pkg(express) }, required),
    ['src/reels.controller.ts'],
  );

describe('node.optional-body', () => {
  it('reads an undocumented body as {} under Express 5', async () => {
    const cast = await run('req.body as ArchiveDto');
    expect(cast.map((f) => f.candidate.key)).toEqual(['node.optional-body']);
    expect(cast[0]!.files['src/reels.controller.ts']).toBe(controller('(req.body ?? {}) as ArchiveDto'));
    const plain = await run('req.body');
    expect(plain[0]!.files['src/reels.controller.ts']).toBe(controller('req.body ?? {}'));
  });

  it('leaves a documented body, required or optional (sent: the parser never ran), and Express 4 alone', async () => {
    expect(await run('req.body', '^5.1.0', true)).toEqual([]);
    expect(await run('req.body', '^5.1.0', false)).toEqual([]);
    expect(await run('req.body', '^4.21.2')).toEqual([]);
  });
});
