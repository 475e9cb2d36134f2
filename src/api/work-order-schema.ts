/**
 * §17 the work-order API's one definition: the JSON a ticket system sends and the answers it gets, as zod schemas.
 * The handlers validate with these, and `openApiDocument()` is generated from the very same schemas, so the
 * document can never promise what the server does not check. The option values go through the validators of
 * `/complaint new` (commands/define.ts `ZOption`): a unit, category, channel, name or phone the chat would refuse,
 * the API refuses too.
 */
import { z } from 'zod';
import { halfWidth, ZOption } from '../../commands/define.ts';
import { newCommand } from '../../commands/new.ts';

/** The matter's and the request's longest form: the same as `/complaint new`'s text. */
const TEXT_LIMIT = newCommand.text.max;
import { CATEGORY_SLUGS, INTAKE_CHANNELS, type CategorySlug, type IntakeChannel } from '../core/domain/categories.ts';

/** A JSON string that must pass one of `/complaint new`'s option validators. */
const asOption = <T>(schema: z.ZodType<T, string>, meta: { description: string; examples?: unknown[] }) =>
  z.string().transform(halfWidth).pipe(schema).meta(meta);

/** POST /api/v1/cases: a work order. Unknown fields are refused (a misspelt `phone` must not pass silently). */
export const ZWorkOrder = z.strictObject({
  unit: asOption(ZOption.unit as z.ZodType<string, string>, {
    description: 'Code of the complained-about unit (outlet or department)',
    examples: ['OUT-12'],
  }),
  category: z
    .union([z.string(), z.int()])
    .transform((v) => halfWidth(String(v)))
    .pipe(ZOption.category as z.ZodType<CategorySlug, string>)
    .optional()
    .meta({ description: `Category 1-15 or its slug (${CATEGORY_SLUGS.join(', ')}); default general`, examples: ['waiting', 8] }),
  channel: asOption(ZOption.intake as z.ZodType<IntakeChannel, string>, {
    description: `Intake channel (${INTAKE_CHANNELS.join(', ')}); default hotline`,
  }).optional(),
  customer: asOption(ZOption.name as z.ZodType<string, string>, {
    description: "Customer's name (masked in every answer and post)",
  }).optional(),
  phone: asOption(ZOption.phone as z.ZodType<string, string>, {
    description: "Customer's phone, 5 to 20 digits (masked in every answer and post)",
    examples: ['13900002222'],
  }).optional(),
  vip: z.boolean().optional().meta({ description: 'VIP customer; default false' }),
  text: z.string().trim().min(1).max(TEXT_LIMIT).meta({ description: 'The matter (事由)' }),
  request: z.string().trim().max(TEXT_LIMIT).optional().meta({ description: "The customer's request (要求)" }),
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/)
    .optional()
    .meta({ description: "The ticket's id in the hotline's system: the same external_id from the same token returns the case it opened" }),
});
export type TWorkOrder = z.output<typeof ZWorkOrder>;

const ZDeadline = z.object({
  kind: z.string().meta({ description: 'onsite, reply, report, transfer, start, oral_loss_report, contact, promise' }),
  due_at: z.string().meta({ description: 'ISO 8601 with the roster time zone offset' }),
});

/** 201 (a new case) and 200 (a retry of a work order already filed). */
export const ZCreated = z.object({
  id: z.string().meta({ examples: ['C12'] }),
  unit: z.string(),
  owner: z.string().meta({ description: "The first-responsible owner's roster handle" }),
  handler: z.string().nullable(),
  deadlines: z.array(ZDeadline),
});

/** GET /api/v1/cases/{id}: a case this token opened, customer data masked. */
export const ZCaseView = z.object({
  id: z.string(),
  unit: z.string(),
  category: z.string(),
  channel: z.string(),
  status: z.string(),
  level: z.string(),
  received_at: z.string(),
  owner: z.string(),
  handler: z.string().nullable(),
  customer: z.object({ name: z.string().nullable(), phone: z.string().nullable(), vip: z.boolean() }),
  matter: z.string(),
  request: z.string().nullable(),
  escalated: z.boolean(),
  escalation_reasons: z.array(z.string()),
  resolved_at: z.string().nullable(),
  deadlines: z.array(ZDeadline.extend({ state: z.string(), completed_at: z.string().nullable() })),
  timeline: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), text: z.string().nullable() })),
});

/** Every refusal: what is wrong, field by field (`field` is empty when the problem is not one field's). */
export const ZErrors = z.object({ errors: z.array(z.object({ field: z.string(), message: z.string() })).min(1) });

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
});

/** The OpenAPI 3.1 document of the API, generated from the schemas above. */
export function openApiDocument(version: string): Record<string, unknown> {
  const caseId = {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[Cc]?[0-9]+$' },
    description: 'Case id, e.g. C12',
  };
  const rateLimited = errorResponse('More than settings.api_rate_per_min requests a minute from this token', {
    'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'complaint-desk work-order API',
      version,
      description:
        "95566 work orders filed from the hotline's own ticket system (SPEC §17): each opens a case handed straight to the outlet's contact (§15.1).",
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A secret of API_TOKENS (name:secret,…)' } },
      schemas: {
        WorkOrder: json(ZWorkOrder, 'input'),
        Created: json(ZCreated),
        Case: json(ZCaseView),
        Errors: json(ZErrors),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/cases': {
        post: {
          operationId: 'fileWorkOrder',
          summary: 'File a work order (opens a case)',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', maxLength: 128 },
              description: 'A retry with the same key returns the same case (200)',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WorkOrder' } } } },
          responses: {
            '201': { description: 'Case opened', content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } } },
            '200': {
              description: 'The case this work order opened before (same Idempotency-Key or external_id)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } },
            },
            '400': errorResponse('Invalid work order: every problem, by field; nothing was written'),
            '401': errorResponse('No or wrong bearer token'),
            '413': errorResponse('Body over 64 KB'),
            '415': errorResponse('Not application/json'),
            '429': rateLimited,
          },
        },
      },
      '/api/v1/cases/{id}': {
        get: {
          operationId: 'getCase',
          summary: 'A case this token opened (customer data masked)',
          parameters: [caseId],
          responses: {
            '200': { description: 'The case', content: { 'application/json': { schema: { $ref: '#/components/schemas/Case' } } } },
            '401': errorResponse('No or wrong bearer token'),
            '404': errorResponse("No such case among this token's"),
            '429': rateLimited,
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
    },
  };
}
