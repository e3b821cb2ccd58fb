import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { ReplyFormat } from './engine'
import { errorMessage } from './llama-loader'

/**
 * The grammar that holds a reply to `format`: node-llama-cpp's JSON grammar for any object, its
 * JSON-schema grammar for a schema. A schema the grammar cannot express is the caller's mistake,
 * answered as INVALID_INPUT with node-llama-cpp's reason.
 */
export async function grammarFor(
  llama: Llama,
  format: ReplyFormat | undefined,
): Promise<Result<LlamaGrammar | undefined>> {
  if (format === undefined) return ok(undefined)
  switch (format.kind) {
    case 'json-object':
      return ok(await llama.getGrammarFor('json'))
    case 'json-schema':
      try {
        // The schema came from a client as plain JSON; node-llama-cpp checks it as it builds the grammar.
        return ok(
          await llama.createGrammarForJsonSchema<GbnfJsonSchema>(format.schema as GbnfJsonSchema),
        )
      } catch (cause) {
        return err(
          'INVALID_INPUT',
          `This JSON schema is not supported for a constrained reply: ${errorMessage(cause)}`,
        )
      }
    default:
      return format satisfies never
  }
}
