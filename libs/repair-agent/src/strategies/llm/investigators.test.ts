import { describe, expect, it } from 'vitest';
import { codeAround } from '../../localize.js';
import {
  buildPublicQuestion,
  dependencyVersions,
  renderPrivateQuestion,
  renderPublicQuestion,
} from './investigators.js';
import { shopContext, shopFiles, shopTrace } from './test-support/shop-fixture.js';

describe('public investigator questions', () => {
  it('hold the normalised error, library symbols and versions, and no line of code', async () => {
    const { context } = await shopContext();
    const trace = shopTrace();
    const code = (await codeAround(context.tree, context.culprit!, 40))!;
    const versions = dependencyVersions({ 'requirements.txt': shopFiles()['requirements.txt']!, 'package.json': null });
    const question = buildPublicQuestion(trace, trace.signature.message, { versions, privateText: [code] });
    expect(question).toEqual({
      errorText: 'NameError: name <str> is not defined',
      symbols: ['fastapi.routing.run_endpoint_function', 'starlette.routing.app'],
      versions: { fastapi: '0.115.0', starlette: '0.38.6' },
    });
    const text = renderPublicQuestion(question);
    const codeLines = [
      ...Object.entries(shopFiles())
        .filter(([path]) => path.endsWith('.py'))
        .flatMap(([, source]) => source.split('\n')),
      ...trace.frames.map((f) => f.source ?? ''),
    ]
      .map((l) => l.trim())
      .filter((l) => l.length >= 4);
    for (const line of codeLines) expect(text).not.toContain(line);
    for (const name of ['totl', 'order_total', 'create_order', 'post_order', 'app/services', '/srv/shop'])
      expect(text).not.toContain(name);
  });

  it('mask code that reached the message', () => {
    const trace = {
      ...shopTrace(),
      exception: { type: 'SyntaxError', message: 'bad input near total += item["price"]' },
    };
    const question = buildPublicQuestion(trace, '', {
      privateText: ['    7      total += item["price"] * item["qty"]'],
    });
    expect(question.errorText).not.toContain('item[');
  });

  it('keep an app-defined exception type to its last name', () => {
    const trace = { ...shopTrace(), exception: { type: 'app.errors.CartLocked', message: 'cart 42 is locked' } };
    expect(buildPublicQuestion(trace, '').errorText).toBe('CartLocked: cart <n> is locked');
  });
});

describe('private investigator questions', () => {
  it('carry the error text and the code', () => {
    expect(renderPrivateQuestion({ errorText: 'NameError: x', location: 'a.py:3', code: '    3>  return x' })).toBe(
      'Error: NameError: x\nCode (a.py:3):\n```\n    3>  return x\n```',
    );
  });
});
