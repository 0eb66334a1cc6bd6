/**
 * Structural zod schema of an OpenAPI 3.0/3.1 document: only what smoke reads, loose elsewhere,
 * so a malformed document fails with an error naming the JSON path
 * (e.g. `paths./carts/{cart_id}/items.post.requestBody.content`).
 */
import { z } from 'zod';

const refSchema = z.looseObject({ $ref: z.string() });
const jsonSchema = z.union([z.boolean(), z.looseObject({})]);

const mediaTypeSchema = z.looseObject({
  schema: jsonSchema.optional(),
  example: z.unknown().optional(),
  examples: z.record(z.string(), z.unknown()).optional(),
});

const parameterSchema = z.union([
  refSchema,
  z.looseObject({
    name: z.string().min(1),
    in: z.enum(['path', 'query', 'header', 'cookie']),
    required: z.boolean().optional(),
    schema: jsonSchema.optional(),
    example: z.unknown().optional(),
    content: z.record(z.string(), mediaTypeSchema).optional(),
  }),
]);

const requestBodySchema = z.union([
  refSchema,
  z.looseObject({
    required: z.boolean().optional(),
    content: z.record(z.string(), mediaTypeSchema),
  }),
]);

const responseSchema = z.union([
  refSchema,
  z.looseObject({
    description: z.string().optional(),
    content: z.record(z.string(), mediaTypeSchema).optional(),
    headers: z.record(z.string(), z.unknown()).optional(),
  }),
]);

const operationSchema = z.looseObject({
  operationId: z.string().optional(),
  summary: z.string().optional(),
  parameters: z.array(parameterSchema).optional(),
  requestBody: requestBodySchema.optional(),
  responses: z.record(
    z.string().regex(/^([1-5]\d\d|[1-5]XX|default)$/, 'a status code, 1XX–5XX or "default"'),
    responseSchema,
  ),
  deprecated: z.boolean().optional(),
});

/** HTTP methods an OpenAPI path item may hold. */
export const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const pathItemSchema = z.looseObject({
  parameters: z.array(parameterSchema).optional(),
  ...Object.fromEntries(OPERATION_METHODS.map((m) => [m, operationSchema.optional()])),
});

/** zod schema of the parts of an OpenAPI 3.x document smoke relies on. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.\d+(\.\d+)?/, 'an OpenAPI 3.x version such as "3.1.0" (Swagger 2.0 is not supported)'),
  info: z.looseObject({ title: z.string().optional(), version: z.string().optional() }),
  servers: z.array(z.looseObject({ url: z.string() })).optional(),
  paths: z.record(z.string().startsWith('/', 'path keys start with "/"'), pathItemSchema),
  components: z.looseObject({ schemas: z.record(z.string(), jsonSchema).optional() }).optional(),
});
