import { z } from 'zod'
import type { ChatTurn, ReplyFormat } from '../engine/engine'
import { invalidRequest, unsupportedField, type ApiError } from './openai-errors'

/** What a chat completion asks of the engine, once OpenAI's request has been checked. */
export interface ChatCompletionRequest {
  model: string
  systemPrompt: string
  history: ChatTurn[]
  /** A last assistant message: the reply continues it (llama.cpp's server does the same). */
  responsePrefix?: string
  stream: boolean
  includeUsage: boolean
  /** Sampling the client set; anything left out takes the model card's values. */
  temperature?: number
  topP?: number
  maxTokens?: number
  seed?: number
  stop: string[]
  format?: ReplyFormat
}

/**
 * Fields of OpenAI's chat completion that Hearth cannot honour, with what to call them in the
 * refusal. A field outside this list and outside the schema below is refused as unknown.
 */
const UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  tools: 'Tool calling (tools)',
  tool_choice: 'Tool calling (tool_choice)',
  parallel_tool_calls: 'Tool calling (parallel_tool_calls)',
  functions: 'Function calling (functions)',
  function_call: 'Function calling (function_call)',
  logprobs: 'Log probabilities (logprobs)',
  top_logprobs: 'Log probabilities (top_logprobs)',
  logit_bias: 'logit_bias',
  audio: 'Audio output',
  modalities: 'Other output modalities',
  prediction: 'Predicted outputs',
  web_search_options: 'Web search',
  reasoning_effort: 'reasoning_effort',
  service_tier: 'service_tier',
  store: 'Stored completions (store)',
  metadata: 'Stored completions (metadata)',
}

/** Values that change nothing, so a client that sends them explicitly is not refused. */
const NEUTRAL_VALUES: Readonly<Record<string, unknown>> = {
  logprobs: false,
  frequency_penalty: 0,
  presence_penalty: 0,
  store: false,
  parallel_tool_calls: false,
}

const TextPartSchema = z.object({ type: z.literal('text'), text: z.string() }).strict()

const ContentSchema = z.union([z.string(), z.array(TextPartSchema).min(1)])

const MessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: ContentSchema,
    /** A participant's name: the chat template has no place for it, so it is accepted and unused. */
    name: z.string().optional(),
  })
  .strict()

const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).strict(),
  z.object({ type: z.literal('json_object') }).strict(),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z
        .object({
          name: z.string().min(1).max(64),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullable().optional(),
        })
        .strict(),
    })
    .strict(),
])

const ChatCompletionBodySchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(MessageSchema).min(1),
    stream: z.boolean().nullable().optional(),
    stream_options: z
      .object({ include_usage: z.boolean().optional() })
      .strict()
      .nullable()
      .optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: z.number().int().min(1).nullable().optional(),
    max_completion_tokens: z.number().int().min(1).nullable().optional(),
    stop: z
      .union([z.string().min(1), z.array(z.string().min(1)).max(4)])
      .nullable()
      .optional(),
    seed: z.number().int().min(0).max(4_294_967_295).nullable().optional(),
    n: z.literal(1).nullable().optional(),
    response_format: ResponseFormatSchema.optional(),
    user: z.string().optional(),
    frequency_penalty: z.literal(0).nullable().optional(),
    presence_penalty: z.literal(0).nullable().optional(),
    logprobs: z.literal(false).nullable().optional(),
    store: z.literal(false).nullable().optional(),
    parallel_tool_calls: z.literal(false).optional(),
  })
  .strict()

/** OpenAI's `param`: a path such as `messages[1].content`. */
function paramOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('')
}

/** The first field the request carries that Hearth does not support, as a refusal that names it. */
function refuseUnsupported(body: Record<string, unknown>): ApiError | null {
  for (const [field, value] of Object.entries(body)) {
    const what = UNSUPPORTED_FIELDS[field]
    if (what !== undefined && value !== null && value !== NEUTRAL_VALUES[field]) {
      return unsupportedField(field, what)
    }
  }
  if (typeof body.n === 'number' && body.n !== 1) {
    return unsupportedField('n', 'More than one choice (n > 1)')
  }
  const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : []
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) continue
    if (message.role === 'tool' || message.role === 'function') {
      return unsupportedField(`messages[${index}].role`, `Tool results (role "${message.role}")`)
    }
    if (message.tool_calls !== undefined) {
      return unsupportedField(`messages[${index}].tool_calls`, 'Tool calls')
    }
    if (!Array.isArray(message.content)) continue
    for (const [part, item] of (message.content as unknown[]).entries()) {
      if (isRecord(item) && item.type !== 'text') {
        return unsupportedField(
          `messages[${index}].content[${part}]`,
          `Content of type "${String(item.type)}" (images, audio and files)`,
        )
      }
    }
  }
  return null
}

/**
 * Checks a chat completion request and turns it into what the engine takes. Unsupported fields are
 * refused by name; system (and developer) messages become the system prompt and must come first;
 * the conversation must end with the user's turn.
 */
export function parseChatRequest(raw: unknown): ChatCompletionRequest | ApiError {
  if (!isRecord(raw)) return invalidRequest('The request body must be a JSON object.', null)
  const refused = refuseUnsupported(raw)
  if (refused !== null) return refused
  const parsed = ChatCompletionBodySchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const param = issue === undefined ? null : paramOf(issue.path)
    if (issue?.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? ''
      const field = param === null || param === '' ? key : `${param}.${key}`
      return invalidRequest(
        `Unknown field "${field}": Hearth does not support it.`,
        field,
        'unknown_field',
      )
    }
    return invalidRequest(
      `Invalid value for ${param || 'the request'}: ${issue?.message ?? 'not valid'}`,
      param || null,
    )
  }
  const body = parsed.data
  const system: string[] = []
  const history: ChatTurn[] = []
  for (const [index, message] of body.messages.entries()) {
    const text =
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => part.text).join('')
    if (message.role === 'system' || message.role === 'developer') {
      if (history.length > 0) {
        return invalidRequest(
          'System messages must come before the conversation.',
          `messages[${index}].role`,
        )
      }
      system.push(text)
    } else {
      history.push({ role: message.role, text })
    }
  }
  const prefix = history.at(-1)?.role === 'assistant' ? history.pop()?.text : undefined
  if (history.at(-1)?.role !== 'user') {
    return invalidRequest(
      "The conversation must end with the user's message (or the user's and a reply to continue).",
      'messages',
    )
  }
  const stop = body.stop ?? []
  const format = replyFormat(body.response_format)
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  return {
    model: body.model,
    systemPrompt: system.join('\n\n'),
    history,
    ...(prefix === undefined ? {} : { responsePrefix: prefix }),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    ...(body.temperature == null ? {} : { temperature: body.temperature }),
    ...(body.top_p == null ? {} : { topP: body.top_p }),
    ...(maxTokens == null ? {} : { maxTokens }),
    ...(body.seed == null ? {} : { seed: body.seed }),
    stop: typeof stop === 'string' ? [stop] : stop,
    ...(format === undefined ? {} : { format }),
  }
}

function replyFormat(
  format: z.infer<typeof ResponseFormatSchema> | undefined,
): ReplyFormat | undefined {
  switch (format?.type) {
    case undefined:
    case 'text':
      return undefined
    case 'json_object':
      return { kind: 'json-object' }
    case 'json_schema':
      return format.json_schema.schema === undefined
        ? { kind: 'json-object' }
        : { kind: 'json-schema', schema: format.json_schema.schema }
    default:
      return format satisfies never
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
