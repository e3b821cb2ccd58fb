import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StoresProvider } from '../../stores/stores-context'
import { noModelStatus, readyStatus } from '../../test/fixtures'
import { renderWithStores } from '../../test/render'
import { FirstRunScreen } from './FirstRunScreen'
import { downloadStatus, installedModel, modelsTransport } from '../../test/models'

afterEach(cleanup)

async function renderFirstRun(transport = modelsTransport(), status = noModelStatus) {
  let view!: ReturnType<typeof renderWithStores>
  await act(async () => {
    view = renderWithStores(<FirstRunScreen status={status} />, transport)
  })
  return view
}

describe('FirstRunScreen', () => {
  it('shows both catalogue entries, the default preselected with its quants, sizes and fit', async () => {
    await renderFirstRun()
    const entries = screen.getAllByTestId('catalogue-entry')
    expect(entries.map((e) => e.getAttribute('data-model-id'))).toEqual([
      'llama3-iterative-dpo-final',
      'sfr',
    ])
    expect(entries[0]?.getAttribute('data-selected')).toBe('true')
    expect(entries[0]?.textContent).toContain('Meta Llama 3 Community License')
    const quants = screen.getAllByTestId('quant-option')
    expect(quants.map((q) => [q.getAttribute('data-quant'), q.getAttribute('data-fit')])).toEqual([
      ['Q8_0', 'partial'],
      ['Q4_K_M', 'gpu'],
    ])
    expect(quants[1]?.textContent).toContain('4.9 GB')
    expect(quants[1]?.textContent).toContain('Fits on the GPU')
    expect(quants[0]?.textContent).toContain('Partly on the GPU (20 of 33 layers)')
    expect(within(quants[1] as HTMLElement).getByRole('radio')).toHaveProperty('checked', true)
    expect(screen.getByTestId('download-button').textContent).toBe('Download (4.9 GB)')
  })

  it('downloads, shows progress, pauses and resumes, and then says it is loading', async () => {
    const view = await renderFirstRun()
    const { transport } = view
    await act(async () => fireEvent.click(screen.getByTestId('download-button')))
    expect(transport.callsTo('models.download')[0]?.input).toEqual({
      modelId: 'llama3-iterative-dpo-final',
      quant: 'Q4_K_M',
    })
    act(() => transport.emit('models.downloadChanged', downloadStatus()))
    const progress = screen.getByTestId('download-progress')
    expect(progress.getAttribute('data-phase')).toBe('downloading')
    expect(screen.getByTestId('download-speed').textContent).toBe('20.0 MB/s')
    expect(screen.getByTestId('download-eta').textContent).toBe('about 3 min left')
    expect(screen.getByTestId('download-bytes').textContent).toBe('1.0 GB of 4.9 GB')
    expect(screen.getByTestId('download-button')).toHaveProperty('disabled', true)

    await act(async () => fireEvent.click(screen.getByTestId('pause-button')))
    expect(screen.getByTestId('download-progress').getAttribute('data-phase')).toBe('paused')
    expect(screen.queryByTestId('pause-button')).toBeNull()
    await act(async () => fireEvent.click(screen.getByTestId('resume-button')))
    expect(screen.getByTestId('download-progress').textContent).toContain('Verifying')
    act(() =>
      transport.emit('models.downloadChanged', downloadStatus({ phase: 'done', path: '/m.gguf' })),
    )
    expect(screen.getByTestId('download-progress').getAttribute('data-phase')).toBe('done')
    view.rerender(
      <StoresProvider stores={view.stores}>
        <FirstRunScreen status={{ ...readyStatus, state: 'loading' }} />
      </StoresProvider>,
    )
    expect(screen.getByTestId('first-run-loading').textContent).toContain('Loading')
  })

  it('cancels a download', async () => {
    const { transport } = await renderFirstRun()
    await act(async () => fireEvent.click(screen.getByTestId('download-button')))
    await act(async () => fireEvent.click(screen.getByTestId('cancel-button')))
    expect(transport.callsTo('models.cancel')[0]?.input).toEqual({ downloadId: 'd1' })
    expect(screen.queryByTestId('download-progress')).toBeNull()
    expect(screen.getByTestId('download-button')).toHaveProperty('disabled', false)
  })

  it('adds an hf: source and shows a clear error for a bad one', async () => {
    const transport = modelsTransport().respond('models.download', () => ({
      ok: false,
      error: { code: 'NOT_GGUF', message: 'Hearth can only download .gguf files.' },
    }))
    await renderFirstRun(transport)
    fireEvent.change(screen.getByTestId('hf-source-input'), {
      target: { value: 'hf:owner/repo/file.bin' },
    })
    await act(async () => fireEvent.click(screen.getByTestId('hf-source-add')))
    expect(transport.callsTo('models.download')[0]?.input).toEqual({
      source: 'hf:owner/repo/file.bin',
    })
    expect(screen.getByTestId('models-error').textContent).toContain(
      'Hearth can only download .gguf files.',
    )
  })

  it('offers models already on this computer', async () => {
    const transport = modelsTransport([installedModel]).respond('models.activate', () => ({
      ok: true,
      value: { ...readyStatus, state: 'loading' },
    }))
    await renderFirstRun(transport)
    await act(async () => fireEvent.click(screen.getByTestId('activate-button')))
    expect(transport.callsTo('models.activate')[0]?.input).toEqual({ path: installedModel.path })
  })
})
