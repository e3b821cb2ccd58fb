import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS, publicSettings } from '../../../shared/contract/schemas/settings'
import type { AppStatus } from '../../../shared/contract/schemas/status'
import { LAST_CONVERSATION_KEY } from '../stores/last-conversation'
import { createStores } from '../stores/stores-context'
import { createClient } from '../transport/client'
import { FakeTransport } from '../test/fake-transport'
import { done, noModelStatus, ok, readyStatus, sendOutput } from '../test/fixtures'
import { PAGE_SIZE } from '../stores/chat-page-actions'
import { App, FatalScreen } from './App'
import { fakeFrames, nextFrame } from '../test/render'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  // The window remembers the open conversation; each test starts as a fresh window.
  localStorage.clear()
})

async function renderApp(status: AppStatus) {
  const transport = new FakeTransport()
    .respond('app.status', () => ok(status))
    .respond('settings.get', () => ok(publicSettings(DEFAULT_SETTINGS)))
    .respond('chat.send', () => ok(sendOutput))
    .respond('conversations.list', () => ok({ conversations: [] }))
    .respond('app.notices', () => ok({ notices: [] }))
    .respond('models.catalogue', () => ok({ entries: [], defaultModelId: 'm' }))
    .respond('models.downloads', () => ok({ downloads: [] }))
    .respond('models.installed', () => ok({ models: [] }))
    .respond('models.fit', () =>
      ok({ contextSize: 8192, ramBytes: 0, vramBytes: 0, quants: [], recommended: null }),
    )
  const stores = createStores(createClient(transport))
  await act(async () => {
    render(<App stores={stores} />)
  })
  return { transport, stores }
}

describe('App', () => {
  it('opens Settings with Ctrl+, and from the sidebar, and goes back to the chat', async () => {
    await renderApp(readyStatus)
    expect(screen.queryByTestId('settings-screen')).toBeNull()
    await act(async () => {
      fireEvent.keyDown(window, { key: ',', ctrlKey: true })
    })
    expect(screen.getByTestId('settings-screen')).toBeTruthy()
    fireEvent.click(screen.getByTestId('settings-close'))
    expect(screen.queryByTestId('settings-screen')).toBeNull()
    expect(screen.getByTestId('composer-input')).toBeTruthy()
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-open'))
    })
    expect(screen.getByTestId('settings-screen')).toBeTruthy()
  })

  it('shows model, backend and GPU layers in the status line', async () => {
    await renderApp({ ...readyStatus, gpuLayers: 20, notice: 'Fell back to 20 GPU layers.' })
    expect(screen.getByTestId('status-model').textContent).toBe('LLaMA3-iterative-DPO-final Q4_K_M')
    expect(screen.getByTestId('status-backend').textContent).toContain('CUDA')
    expect(screen.getByTestId('status-line').textContent).toContain('20/33 layers on GPU')
    expect(screen.getByTestId('status-line').textContent).toContain('Fell back to 20 GPU layers.')
  })

  it('shows the first-run screen and switches to a local model file', async () => {
    const { transport } = await renderApp(noModelStatus)
    const notice = screen.getByTestId('no-model-notice')
    expect(notice.textContent).toContain('No model is installed')
    expect(notice.textContent).toContain('HEARTH_MODEL=/path/to/model.gguf')
    expect(screen.getByTestId('first-run')).toBeTruthy()
    expect(screen.queryByTestId('composer-input')).toBeNull()
    const model = {
      path: '/m/model.gguf',
      name: 'model',
      sizeBytes: 1000,
      quant: null,
      repo: null,
      active: false,
    }
    transport.respond('models.addLocal', () => ok(model))
    transport.respond('models.activate', () => ok({ ...readyStatus, state: 'loading' }))
    fireEvent.change(screen.getByTestId('local-path-input'), {
      target: { value: ' /m/model.gguf ' },
    })
    await act(async () => {
      fireEvent.click(screen.getByTestId('local-path-add'))
    })
    expect(transport.callsTo('models.addLocal')[0]?.input).toEqual({ path: '/m/model.gguf' })
    expect(transport.callsTo('models.activate')[0]?.input).toEqual({ path: '/m/model.gguf' })
    act(() => transport.emit('app.statusChanged', { ...readyStatus, state: 'loading' }))
    expect(screen.getByTestId('first-run-loading')).toBeTruthy()
    act(() => transport.emit('app.statusChanged', readyStatus))
    expect(screen.queryByTestId('first-run')).toBeNull()
    expect(screen.getByTestId('composer-input')).toBeTruthy()
  })

  it('opens the models screen from the status line', async () => {
    await renderApp(readyStatus)
    await act(async () => {
      fireEvent.click(screen.getByTestId('models-open'))
    })
    expect(screen.getByTestId('models-screen')).toBeTruthy()
    expect(screen.getByTestId('gpu-backend').textContent).toBe('CUDA (NVIDIA H100)')
    await act(async () => {
      fireEvent.click(screen.getByTestId('models-close'))
    })
    expect(screen.getByTestId('composer-input')).toBeTruthy()
  })

  it('says when the engine restarts after a crash, and what to do when it stays stopped', async () => {
    const { transport } = await renderApp(readyStatus)
    const engine = { logFolder: '/data/logs', restarts: 1 }
    act(() =>
      transport.emit('app.engineProcess', {
        ...engine,
        state: 'restarting',
        message: 'The engine stopped unexpectedly; restarting.',
      }),
    )
    expect(screen.getByTestId('app-error').textContent).toBe(
      'The engine stopped unexpectedly; restarting.',
    )
    act(() => transport.emit('app.engineProcess', { ...engine, state: 'running', message: null }))
    expect(screen.queryByTestId('app-error')).toBeNull()
    act(() =>
      transport.emit('app.engineProcess', {
        ...engine,
        state: 'stopped',
        message: 'Quit and reopen Hearth; the log in /data/logs says why.',
      }),
    )
    expect(screen.getByTestId('app-error').textContent).toContain('/data/logs')
  })

  it('shows why loading the model failed', async () => {
    await renderApp({
      ...noModelStatus,
      state: 'error',
      error: { code: 'NOT_GGUF', message: 'That file is not a GGUF model.' },
    })
    expect(screen.getByTestId('status-error').textContent).toBe('That file is not a GGUF model.')
  })

  it('streams a reply into the assistant message and marks how it ended', async () => {
    const { transport } = await renderApp(readyStatus)
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'Hi' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('send-button'))
    })
    expect(screen.getByTestId('message-user').textContent).toContain('Hi')
    const reply = screen.getByTestId('message-assistant')
    expect(reply.getAttribute('data-streaming')).toBe('true')
    fakeFrames()
    act(() => transport.emit('chat.delta', { generationId: 'g1', seq: 0, text: '**Bold** start' }))
    // Deltas are drawn with the next animation frame.
    expect(reply.querySelector('strong')).toBeNull()
    nextFrame()
    expect(reply.querySelector('strong')?.textContent).toBe('Bold')
    act(() => transport.emit('chat.done', done({ text: '**Bold** start, end.' })))
    expect(reply.getAttribute('data-streaming')).toBeNull()
    expect(reply.getAttribute('data-finish-reason')).toBe('done')
    expect(reply.textContent).toContain('Bold start, end.')
  })

  it('shows a failed reply with its error', async () => {
    const { transport } = await renderApp(readyStatus)
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'Hi' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('send-button'))
    })
    const error = { code: 'EMPTY_REPLY' as const, message: 'The model gave an empty reply.' }
    act(() => transport.emit('chat.done', done({ finishReason: 'error', text: '', error })))
    expect(screen.getByTestId('message-assistant').getAttribute('data-finish-reason')).toBe('error')
    expect(screen.getByTestId('message-error').textContent).toBe('The model gave an empty reply.')
  })

  it('shows a banner while the connection is down', async () => {
    const { transport } = await renderApp(readyStatus)
    expect(screen.queryByTestId('app-error')).toBeNull()
    act(() => transport.disconnect())
    expect(screen.getByTestId('app-error').textContent).toMatch(/Lost the connection/)
    await act(async () => transport.reconnect())
    expect(screen.queryByTestId('app-error')).toBeNull()
  })
})

describe('App history', () => {
  it('reopens the conversation that was open before the window reloaded', async () => {
    localStorage.setItem(LAST_CONVERSATION_KEY, 'c7')
    const { transport } = await renderApp(readyStatus)
    expect(transport.callsTo('conversations.get')[0]?.input).toEqual({ id: 'c7', limit: PAGE_SIZE })
    expect(screen.getByTestId('new-chat')).toBeTruthy()
    expect(screen.queryByTestId('sidebar-error')).toBeNull()
  })
})

describe('FatalScreen', () => {
  it('shows the message in the app error banner', () => {
    render(<FatalScreen message="Open the address Hearth headless printed, including #token=..." />)
    expect(screen.getByTestId('app-error').textContent).toContain('#token=')
  })
})
