import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../openapi/api-model.js';
import { generateScenarios } from './generate-scenarios.js';
import { freshSeed, seededUuid } from './seed.js';
import { isCollidingField, uniqueForm } from './unique-value.js';

const suffix = { token: 'x7k2p9', digits: '483920' };

describe('which fields collide', () => {
  it('e-mails, usernames, slugs, SKUs, codes, names and titles; not shared vocabularies', () => {
    for (const name of [
      'email',
      'contactEmail',
      'e_mail',
      'username',
      'user_name',
      'login',
      'slug',
      'sku',
      'promo_code',
      'name',
      'full_name',
      'title',
      'displayName',
    ])
      expect(isCollidingField(name), name).toBe(true);
    for (const name of [
      'country_code',
      'currencyCode',
      'status',
      'first_name',
      'description',
      'quantity',
      'body',
      'file_name',
      'type',
    ])
      expect(isCollidingField(name), name).toBe(false);
  });
});

describe('a value made unique within its schema', () => {
  it('puts the suffix in the local part of an e-mail', () => {
    expect(uniqueForm('ada@example.com', { type: 'string', format: 'email' }, suffix)).toBe('ada.x7k2p9@example.com');
    expect(uniqueForm('ada@example.com', { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' }, suffix)).toBe(
      'ada.x7k2p9@example.com',
    );
    // maxLength: the local part is shortened, the domain kept.
    expect(uniqueForm('augusta.ada@example.com', { type: 'string', format: 'email', maxLength: 22 }, suffix)).toBe(
      'aug.x7k2p9@example.com',
    );
  });

  it('honours maxLength and patterns, trying other separators and suffix forms', () => {
    expect(uniqueForm('Fountain pen', { type: 'string', maxLength: 120 }, suffix)).toBe('Fountain pen-x7k2p9');
    expect(uniqueForm('Fountain pen', { type: 'string', maxLength: 12 }, suffix)).toBe('Fount-x7k2p9');
    expect(uniqueForm('ada_l', { type: 'string', pattern: '^[a-z0-9_]{3,20}$' }, suffix)).toBe('ada_l_x7k2p9');
    expect(uniqueForm('ST-042', { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]+$' }, suffix)).toBe('ST-042X7K2P9');
    expect(uniqueForm('ST-042', { type: 'string', pattern: '^[A-Z]{2}-\\d+$' }, suffix)).toBe('ST-042483920');
    expect(uniqueForm('Ada Lovelace', { type: 'string', pattern: '^[A-Za-z ]+$' }, suffix)).toBe('Ada Lovelace xhkcpj');
  });

  it('leaves alone what no suffix fits: enums, consts, other formats, tiny lengths, strict patterns', () => {
    expect(uniqueForm('admin', { type: 'string', enum: ['admin', 'user'] }, suffix)).toBeUndefined();
    expect(uniqueForm('US', { type: 'string', const: 'US' }, suffix)).toBeUndefined();
    expect(uniqueForm('2024-01-01', { type: 'string', format: 'date' }, suffix)).toBeUndefined();
    expect(uniqueForm('abc', { type: 'string', maxLength: 6 }, suffix)).toBeUndefined();
    expect(uniqueForm('ABC', { type: 'string', pattern: '^[A-Z]{3}$' }, suffix)).toBeUndefined();
  });
});

/** Register, log in, create users and coupons, apply a coupon the app already has. */
function accountsApi() {
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const str = (extra: Record<string, unknown>) => ({ type: 'string', ...extra });
  const user = {
    type: 'object',
    required: ['email', 'username'],
    properties: {
      email: str({ format: 'email', examples: ['ada@example.com'] }),
      username: str({ pattern: '^[a-z0-9_]{3,20}$', examples: ['ada_l'] }),
      bio: str({ examples: ['Hi'] }),
    },
  };
  return buildApiModel(
    {
      openapi: '3.1.0',
      info: { title: 'accounts', version: '1' },
      paths: {
        '/register': { post: { requestBody: json(user), responses: { '201': json({ type: 'object' }) } } },
        '/login': {
          post: {
            requestBody: json({
              type: 'object',
              properties: { username: str({ examples: ['ada_l'] }), password: str({ examples: ['pw'] }) },
            }),
            responses: { '200': json({ type: 'object' }) },
          },
        },
        '/users': {
          get: {
            parameters: [
              { name: 'email', in: 'query', required: true, schema: str({ examples: ['ada@example.com'] }) },
            ],
            responses: { '200': json({ type: 'array' }) },
          },
          post: { requestBody: json(user), responses: { '201': json({ type: 'object' }) } },
        },
        '/coupons/redeem': {
          post: {
            requestBody: json({ type: 'object', properties: { code: str({ examples: ['WELCOME10'] }) } }),
            responses: { '200': json({ type: 'object' }) },
          },
        },
      },
    },
    'accounts.json',
  );
}

describe('unique values across a run', () => {
  const bodyOf = (scenarios: ReturnType<typeof generateScenarios>, id: string) =>
    scenarios.find((s) => s.id === id)!.body as Record<string, string>;

  it('each writing scenario gets its own suffix; a later mention of the same value gets the same one', () => {
    const scenarios = generateScenarios(accountsApi(), { seed: 'seed-1', examplesPerOperation: 2 });
    const register = bodyOf(scenarios, 'POST /register');
    const users = bodyOf(scenarios, 'POST /users');
    expect(register.email).toMatch(/^ada\.[a-z0-9]{6}@example\.com$/);
    expect(register.username).toMatch(/^ada_l_[a-z0-9]{6}$/);
    expect(users.email).not.toBe(register.email);
    expect(register.bio).toBe('Hi'); // not an identifying field
    // The login names the user the register wrote; the lookup by e-mail the first writer's address.
    expect(bodyOf(scenarios, 'POST /login').username).toBe(register.username);
    expect(scenarios.find((s) => s.id === 'GET /users')!.query['email']).toBe(register.email);
    // A code nothing in the run creates is the app's own: left as documented.
    expect(bodyOf(scenarios, 'POST /coupons/redeem').code).toBe('WELCOME10');
  });

  it('the same seed gives byte-identical scenarios; another seed other unique values in the same shapes', () => {
    const a = generateScenarios(accountsApi(), { seed: 'seed-1', examplesPerOperation: 3, boundary: true });
    const b = generateScenarios(accountsApi(), { seed: 'seed-1', examplesPerOperation: 3, boundary: true });
    const c = generateScenarios(accountsApi(), { seed: 'seed-2', examplesPerOperation: 3, boundary: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(c.map((s) => s.id)).toEqual(a.map((s) => s.id));
    expect(JSON.stringify(c).length).toBe(JSON.stringify(a).length);
  });

  it('fresh seeds differ between runs; request ids replay with the seed', () => {
    expect(freshSeed(1_000, 42)).not.toBe(freshSeed(1_001, 42));
    expect(freshSeed(1_000, 42)).not.toBe(freshSeed(1_000, 43));
    expect(freshSeed(2_000, 42)).not.toBe(freshSeed(2_000, 42)); // same millisecond, same process
    expect(seededUuid('s', ['request', 'GET /a'])).toBe(seededUuid('s', ['request', 'GET /a']));
    expect(seededUuid('s', ['request', 'GET /a'])).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(seededUuid('s', ['request', 'GET /a'])).not.toBe(seededUuid('s', ['request', 'GET /b']));
  });
});
