import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { SettingsPatch } from '../../../../shared/contract/schemas/settings'
import { renderWithStores } from '../../test/render'
import { settingsTransport } from '../../test/settings'
import { ok } from '../../test/fixtures'
import { EngineChoice } from './EngineChoice'

afterEach(cleanup)

function endpointTransport() {
  const { transport, saved } = settingsTransport()
  const keys: { endpointId: string; key: string | null }[] = []
  transport
    .respond('remote.models', () => ok({ models: ['llama-3-8b', 'qwen'] }))
    .respond('remote.setKey', (input) => {
      keys.push(input as { endpointId: string; key: string | null })
      return ok({ keySet: (input as { key: string | null }).key !== null })
    })
  return { transport, saved, keys }
}

describe('EngineChoice', () => {
  it('adds a server with one of its models, keeps the key apart, and chooses it', async () => {
    const { transport, saved, keys } = endpointTransport()
    await act(async () => {
      renderWithStores(<EngineChoice />, transport)
    })
    expect(screen.getByTestId<HTMLInputElement>('engine-local').checked).toBe(true)
    fireEvent.change(screen.getByTestId('endpoint-name'), { target: { value: 'GPU box' } })
    fireEvent.change(screen.getByTestId('endpoint-url'), {
      target: { value: 'http://gpu-box:8080/v1' },
    })
    fireEvent.change(screen.getByTestId('endpoint-key'), { target: { value: 'sk-box' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('endpoint-find-models'))
    })
    expect(transport.calls.find((call) => call.channel === 'remote.models')?.input).toEqual({
      baseUrl: 'http://gpu-box:8080/v1',
      apiKey: 'sk-box',
    })
    fireEvent.change(screen.getByTestId('endpoint-model'), { target: { value: 'qwen' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('endpoint-add'))
    })
    const added = (saved[0] as SettingsPatch).remoteEndpoints?.[0]
    expect(added).toMatchObject({
      name: 'GPU box',
      baseUrl: 'http://gpu-box:8080/v1',
      modelId: 'qwen',
    })
    expect(JSON.stringify(saved)).not.toContain('sk-box')
    expect(keys).toEqual([{ endpointId: added?.id, key: 'sk-box' }])
    await act(async () => {
      fireEvent.click(screen.getByTestId(`engine-endpoint-${added?.id ?? ''}`))
    })
    expect(saved.at(-1)).toEqual({ engineChoice: added?.id })
  })

  it('shows why a server could not be asked', async () => {
    const { transport } = endpointTransport()
    transport.respond('remote.models', () => ({
      ok: false,
      error: { code: 'REMOTE_UNREACHABLE', message: 'Hearth could not reach the server.' },
    }))
    await act(async () => {
      renderWithStores(<EngineChoice />, transport)
    })
    fireEvent.change(screen.getByTestId('endpoint-url'), { target: { value: 'http://x:1/v1' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('endpoint-find-models'))
    })
    expect(screen.getByTestId('endpoint-error').textContent).toBe(
      'Hearth could not reach the server.',
    )
  })
})
