import { describe, expect, it } from 'vitest'
import { planContext, replyRoom } from './context-policy'
import type { ChatTurn } from './engine'

// The policy's arithmetic with a simple counter (10 tokens of template, then a token per character);
// llama-engine.test.ts checks it on the real engine, where the counter is the chat template's.
const count = (turns: readonly ChatTurn[]) =>
  10 + turns.reduce((sum, turn) => sum + turn.text.length, 0)

function conversation(...lengths: number[]): ChatTurn[] {
  return lengths.map((length, index) => ({
    role: index % 2 === 0 ? 'user' : 'assistant',
    text: 'x'.repeat(length),
  }))
}

describe('the context policy', () => {
  it('keeps everything that fits and leaves the reply the rest of the context', () => {
    const plan = planContext({
      turns: conversation(20, 30, 40),
      contextSize: 512,
      maxTokens: 1024,
      countTokens: count,
    })
    expect(plan).toEqual({ ok: true, value: { firstTurn: 0, promptTokens: 100, maxTokens: 411 } })
  })

  it('drops the oldest whole exchanges first, keeping room for the reply', () => {
    // Context 400: a quarter (100) stays free for the reply, one token for the library: budget 299.
    const turns = conversation(100, 100, 50, 50, 60, 60, 70)
    const plan = planContext({ turns, contextSize: 400, maxTokens: 1024, countTokens: count })
    // From turn 4: 10 + 60 + 60 + 70 = 200 fits; from turn 2: 300 does not.
    expect(plan).toEqual({ ok: true, value: { firstTurn: 4, promptTokens: 200, maxTokens: 199 } })
  })

  it('never starts the view with a reply whose question fell out', () => {
    const turns = conversation(30, 250, 10)
    // From turn 0 it is 300 tokens, one too many; from turn 1 (a reply) 270 would fit, but the model sees whole exchanges.
    const plan = planContext({ turns, contextSize: 400, maxTokens: 1024, countTokens: count })
    expect(plan).toMatchObject({ ok: true, value: { firstTurn: 2, promptTokens: 20 } })
  })

  it('refuses a message that leaves no room for a reply, before anything is generated', () => {
    const plan = planContext({
      turns: conversation(10, 10, 900),
      contextSize: 1024,
      maxTokens: 1024,
      countTokens: count,
    })
    expect(plan).toMatchObject({ ok: false, error: { code: 'CONTEXT_OVERFLOW' } })
    expect(!plan.ok && plan.error.message).toBe(
      "This message needs about 910 tokens with the system prompt, and a reply needs 256 more: that is more than this model's context of 1,024 tokens. Shorten the message or split it into parts, or raise the context size in Settings.",
    )
  })

  it('keeps at most a quarter of the context for the reply, and never less than one token', () => {
    expect(replyRoom(8192, 1024)).toBe(1024)
    expect(replyRoom(512, 1024)).toBe(128)
    expect(replyRoom(512, 16)).toBe(16)
    expect(replyRoom(2, 1024)).toBe(1)
  })

  it('measures a conversation that fits in one render', () => {
    let renders = 0
    const plan = planContext({
      turns: conversation(...Array.from({ length: 21 }, () => 40)),
      contextSize: 8192,
      maxTokens: 1024,
      countTokens: (kept) => {
        renders += 1
        return count(kept)
      },
    })
    expect(plan).toMatchObject({ ok: true, value: { firstTurn: 0, promptTokens: 850 } })
    expect(renders).toBe(2) // the newest turn alone (rule 2), then all of them
  })

  it('measures a long history in a few renders, never the whole of it when only the end fits', () => {
    const turns = conversation(...Array.from({ length: 2001 }, () => 40))
    const measured: number[] = []
    const plan = planContext({
      turns,
      contextSize: 8192,
      maxTokens: 1024,
      countTokens: (kept) => {
        measured.push(kept.length)
        return count(kept)
      },
    })
    // Budget 8192 - 1 - 1024 = 7167: 10 + 40 * 179 = 7170 is too many, so 178 turns (89 exchanges).
    expect(plan).toMatchObject({ ok: true, value: { firstTurn: 2001 - 177 } })
    expect(measured.length).toBeLessThan(25)
    expect(Math.max(...measured)).toBeLessThan(600)
  })
})
