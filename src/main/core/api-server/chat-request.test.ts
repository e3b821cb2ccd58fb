import { describe, expect, it } from 'vitest'
import { parseChatRequest } from './chat-request'

const user = { role: 'user', content: 'Hi' }

describe('parseChatRequest', () => {
  it('turns system and developer messages into the system prompt and text parts into text', () => {
    expect(
      parseChatRequest({
        model: 'm',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'No lists.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hel' },
              { type: 'text', text: 'lo' },
            ],
          },
          { role: 'assistant', content: 'Hi!' },
          user,
        ],
        stop: 'END',
        max_tokens: 5,
        max_completion_tokens: 7,
        response_format: { type: 'json_object' },
      }),
    ).toEqual({
      model: 'm',
      systemPrompt: 'Be brief.\n\nNo lists.',
      history: [
        { role: 'user', text: 'Hello' },
        { role: 'assistant', text: 'Hi!' },
        { role: 'user', text: 'Hi' },
      ],
      stream: false,
      includeUsage: false,
      maxTokens: 7,
      stop: ['END'],
      format: { kind: 'json-object' },
    })
  })

  it('continues a last assistant message', () => {
    expect(
      parseChatRequest({ model: 'm', messages: [user, { role: 'assistant', content: 'Hel' }] }),
    ).toMatchObject({ history: [{ role: 'user', text: 'Hi' }], responsePrefix: 'Hel' })
  })

  it('leaves omitted sampling values out, so the model card decides them', () => {
    const parsed = parseChatRequest({ model: 'm', messages: [user], temperature: null })
    expect(parsed).not.toHaveProperty('temperature')
    expect(parsed).not.toHaveProperty('topP')
    expect(parsed).not.toHaveProperty('maxTokens')
  })

  it.each([
    [{ messages: [{ role: 'assistant', content: 'Hi' }] }, 'messages'],
    [{ messages: [user, { role: 'system', content: 'late' }, user] }, 'messages[1].role'],
    [{ messages: [{ role: 'tool', content: 'x', tool_call_id: '1' }] }, 'messages[0].role'],
    [{ messages: [user], frequency_penalty: 0.5 }, 'frequency_penalty'],
    [{ messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [{ messages: [user], seed: -1 }, 'seed'],
    [{ messages: [user], mystery: true }, 'mystery'],
    [{ messages: [] }, 'messages'],
  ])('refuses %j, naming %s', (body, param) => {
    expect(parseChatRequest({ model: 'm', ...body })).toMatchObject({ status: 400, param })
  })

  it('accepts values that change nothing, such as n: 1 and logprobs: false', () => {
    const parsed = parseChatRequest({ model: 'm', messages: [user], n: 1, logprobs: false })
    expect(parsed).not.toHaveProperty('status')
  })
})
