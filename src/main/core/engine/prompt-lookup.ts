import { InputLookupTokenPredictor, type Token } from 'node-llama-cpp'

/**
 * Prompt lookup decoding: once the last two generated tokens also appear in the user's message,
 * the token that follows them there is proposed and verified in the same batch as the next one.
 * Two tokens of pattern keep single common tokens (a space, a comma) from proposing text at random.
 */
const PROMPT_LOOKUP = { patternLength: { min: 2 } } as const

/**
 * node-llama-cpp 3.21.1 validates only the first predicted token of each batch: in
 * LlamaContextSequence._speculativeEvaluate the list that later predictions are checked against
 * (`validatedTokens`) is never filled, so every prediction after the first is refuted and its
 * evaluation wasted. Proposing one token at a time validates the same tokens without the waste
 * (the quote model's 302-token reply: 150 validated and 149 refuted with two per batch, 150 and 0
 * with one). InputLookupTokenPredictor cannot be asked for fewer predictions than its pattern
 * length, so this trims its answer. Drop it once node-llama-cpp validates whole batches.
 */
class OneTokenInputLookup extends InputLookupTokenPredictor {
  override predictTokens(): Token[] {
    return super.predictTokens().slice(0, 1)
  }
}

/** The predictor the conversation's sequence gets when prompt lookup is on. */
export function promptLookupPredictor(): InputLookupTokenPredictor {
  return new OneTokenInputLookup(PROMPT_LOOKUP)
}
