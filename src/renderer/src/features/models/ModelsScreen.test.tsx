import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ok, readyStatus } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { downloadStatus, installedModel, modelsTransport } from '../../test/models'
import { ModelsScreen } from './ModelsScreen'

afterEach(cleanup)

const active = { ...installedModel, path: '/data/models/a.gguf', name: 'A', active: true }
const local = { ...installedModel, path: '/home/me/b.gguf', name: 'B', repo: null, quant: null }

async function renderModels(transport = modelsTransport([active, installedModel, local])) {
  transport.respond('app.status', () =>
    ok({ ...readyStatus, gpuLayers: 20, notice: 'Out of GPU memory: 20 of 33 layers on the GPU.' }),
  )
  let view!: ReturnType<typeof renderWithStores>
  await act(async () => {
    view = renderWithStores(<ModelsScreen />, transport)
    await view.stores.status.getState().load()
  })
  return view
}

describe('ModelsScreen', () => {
  it('lists installed models with the active one marked, and the GPU status with its notice', async () => {
    await renderModels()
    const rows = screen.getAllByTestId('installed-model')
    expect(rows.map((r) => r.getAttribute('data-active'))).toEqual(['true', 'false', 'false'])
    expect(rows[1]?.textContent).toContain('4.9 GB')
    expect(rows[1]?.textContent).toContain('Q4_K_M')
    expect(rows[1]?.textContent).toContain(installedModel.path)
    // The active model can be neither switched to nor deleted.
    expect(rows[0]?.querySelector('[data-testid="delete-model-button"]')).toBeNull()
    expect(screen.getByTestId('gpu-backend').textContent).toBe('CUDA (NVIDIA H100)')
    expect(screen.getByTestId('gpu-layers').textContent).toBe('20 of 33')
    expect(screen.getByTestId('gpu-vram').textContent).toBe('5.4 GB of 80.0 GB VRAM in use')
    expect(screen.getByTestId('gpu-notice').textContent).toContain('20 of 33 layers')
  })

  it('switches the active model', async () => {
    const { transport } = await renderModels()
    transport.respond('models.activate', () => ok({ ...readyStatus, state: 'loading' }))
    const buttons = screen.getAllByTestId('activate-button')
    await act(async () => fireEvent.click(buttons[0] as HTMLElement))
    expect(transport.callsTo('models.activate')[0]?.input).toEqual({ path: installedModel.path })
  })

  it('deletes only after the confirmation step, and says what a local file removal means', async () => {
    const { transport } = await renderModels()
    transport.respond('models.delete', () => ok({ deleted: true }))
    const deletes = screen.getAllByTestId('delete-model-button')
    expect(deletes.map((b) => b.textContent)).toEqual(['Delete', 'Remove from list'])
    fireEvent.click(deletes[1] as HTMLElement)
    expect(screen.getByTestId('confirm-delete').parentElement?.textContent).toContain(
      'The file stays where it is.',
    )
    fireEvent.click(screen.getByText('Keep it'))
    expect(screen.queryByTestId('confirm-delete')).toBeNull()
    fireEvent.click(screen.getAllByTestId('delete-model-button')[0] as HTMLElement)
    expect(transport.callsTo('models.delete')).toEqual([])
    transport.respond('models.installed', () => ok({ models: [active, local] }))
    await act(async () => fireEvent.click(screen.getByTestId('confirm-delete')))
    expect(transport.callsTo('models.delete')[0]?.input).toEqual({ path: installedModel.path })
    expect(screen.getAllByTestId('installed-model')).toHaveLength(2)
  })

  it('shows downloads in progress and a refused delete', async () => {
    const transport = modelsTransport([active, installedModel]).respond('models.downloads', () =>
      ok({ downloads: [downloadStatus({ phase: 'paused', bytesPerSecond: 0 })] }),
    )
    transport.respond('models.delete', () => ({
      ok: false,
      error: { code: 'BUSY', message: 'This model is in use.' },
    }))
    await renderModels(transport)
    expect(screen.getByTestId('download-progress').getAttribute('data-phase')).toBe('paused')
    expect(screen.getByTestId('resume-button')).toBeTruthy()
    fireEvent.click(screen.getByTestId('delete-model-button'))
    await act(async () => fireEvent.click(screen.getByTestId('confirm-delete')))
    expect(screen.getByTestId('models-error').textContent).toContain('This model is in use.')
  })

  it('shows the wait Hugging Face asked for while a download honours Retry-After', async () => {
    const waiting = downloadStatus({ notice: 'Hugging Face asked us to wait 30 s' })
    const transport = modelsTransport([active]).respond('models.downloads', () =>
      ok({ downloads: [waiting] }),
    )
    await renderModels(transport)
    expect(screen.getByTestId('download-notice').textContent).toBe(
      'Hugging Face asked us to wait 30 s',
    )
  })
})
