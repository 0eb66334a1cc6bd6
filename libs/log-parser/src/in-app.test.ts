import { describe, expect, it } from 'vitest';
import { isInAppFrame } from './in-app.js';
import { LogParserOptionsError, normalizeOptions } from './options.js';

describe('in-app frames', () => {
  const settings = normalizeOptions({ appRoot: '/srv/app' });

  it.each([
    ['python', '/srv/app/app/routers/carts.py', true],
    ['python', '/srv/app/.venv/lib/python3.11/site-packages/starlette/routing.py', false],
    ['python', '/usr/lib/python3.11/asyncio/runners.py', false],
    ['python', '/srv/other/app.py', false],
    // Cython extensions report their own relative source path (joined to the root by the parser).
    ['python', '/srv/app/lib/sqlalchemy/cyextension/resultproxy.pyx', false],
    // Generated code has no file: a dataclass's __init__, exec'd strings.
    ['python', '/srv/app/<string>', false],
    ['python', '<string>', false],
    ['node', '/srv/app/src/index.js', true],
    ['node', '/srv/app/node_modules/express/lib/router/layer.js', false],
    ['node', 'node:internal/process/task_queues', false],
    ['go', '/srv/app/cmd/server/main.go', true],
    ['go', '/usr/local/go/src/net/http/server.go', false],
    ['go', '/root/go/pkg/mod/github.com/go-chi/chi/v5@v5.0.0/mux.go', false],
  ] as const)('%s frame in %s → %s', (language, file, expected) => {
    expect(isInAppFrame(language, { file }, settings)).toBe(expected);
  });

  it(`treats a Cython-compiled frame (qualified dotted function name) as library code, an app function as app \
code`, () => {
    const file = '/srv/app/lib/sqlalchemy/engine/_row_cy.py';
    expect(
      isInAppFrame('python', { file, function: 'sqlalchemy.engine._row_cy.BaseRow._get_by_key_impl' }, settings),
    ).toBe(false);
    expect(isInAppFrame('python', { file: '/srv/app/app/crud/reports.py', function: '<listcomp>' }, settings)).toBe(
      true,
    );
    expect(isInAppFrame('python', { file: '/srv/app/app/crud/reports.py', function: 'summarise' }, settings)).toBe(
      true,
    );
  });

  it('applies Sentry-style rules after the defaults, last match wins', () => {
    const ruled = normalizeOptions({
      appRoot: '/srv/app',
      inApp: [
        'path:**/generated/** -app',
        'path:**/site-packages/acme_shared/** +app',
        'path:**/generated/keep.py +app',
      ],
    });
    expect(isInAppFrame('python', { file: '/srv/app/generated/models.py' }, ruled)).toBe(false);
    expect(isInAppFrame('python', { file: '/srv/app/generated/keep.py' }, ruled)).toBe(true);
    expect(isInAppFrame('python', { file: '/venv/lib/python3.11/site-packages/acme_shared/db.py' }, ruled)).toBe(true);
  });

  it('treats JDK and known library packages as not in-app, and app classes only when their source resolves', () => {
    const java = normalizeOptions({ appRoot: '/srv/app', sourceFiles: ['src/main/java/com/acme/shop/Cart.java'] });
    expect(java.resolveJavaSource?.('com/acme/shop/Cart.java')).toBe('/srv/app/src/main/java/com/acme/shop/Cart.java');
    expect(isInAppFrame('java', { file: 'HashMap.java', module: 'java.util.HashMap' }, java)).toBe(false);
    expect(
      isInAppFrame(
        'java',
        { file: '/srv/app/src/main/java/com/acme/shop/Cart.java', module: 'com.acme.shop.Cart', resolved: true },
        java,
      ),
    ).toBe(true);
    expect(isInAppFrame('java', { file: 'Other.java', module: 'com.acme.shop.Other', resolved: false }, java)).toBe(
      false,
    );
  });

  it('without a source list, decides Java frames by their class alone (no filesystem look-up)', () => {
    const java = normalizeOptions({ appRoot: '/srv/app' });
    expect(java.resolveJavaSource).toBeNull();
    expect(isInAppFrame('java', { file: 'com/acme/shop/Cart.java', module: 'com.acme.shop.Cart' }, java)).toBe(true);
    expect(isInAppFrame('java', { file: 'java/util/HashMap.java', module: 'java.util.HashMap' }, java)).toBe(false);
  });

  it('rejects malformed rules with a readable error', () => {
    expect(() => normalizeOptions({ inApp: ['vendor -app'] })).toThrow(LogParserOptionsError);
    expect(() => normalizeOptions({ inApp: ['vendor -app'] })).toThrow(/inApp/);
  });
});
