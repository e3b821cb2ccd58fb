import { describe, expect, it } from 'vitest'
import { catalogue, downloadStatus, installedModel, modelsTransport } from '../test/models'
import { ok } from '../test/fixtures'
import { createClient } from '../transport/client'
import { createModelsStore } from './models-store'
import { stateReached } from '../test/state-reached'

function setup(transport = modelsTransport()) {
  const store = createModelsStore(createClient(transport))
  return { store, transport }
}

describe('models store', () => {
  it('loads the catalogue and preselects the default model and its recommended quant', async () => {
    const { store, transport } = setup()
    await store.getState().load()
    const state = store.getState()
    expect(state.catalogue).toEqual(catalogue)
    expect(state.selectedModelId).toBe('llama3-iterative-dpo-final')
    expect(state.selectedQuant).toBe('Q4_K_M')
    expect(transport.callsTo('models.fit')[0]?.input).toEqual({
      modelId: 'llama3-iterative-dpo-final',
    })
    expect(state.installed).toEqual([])
  })

  it('downloads the selection and follows its progress events, phase by phase', async () => {
    const { store, transport } = setup()
    const off = store.getState().connect()
    await store.getState().load()
    expect(await store.getState().download()).toBe(true)
    expect(transport.callsTo('models.download')[0]?.input).toEqual({
      modelId: 'llama3-iterative-dpo-final',
      quant: 'Q4_K_M',
    })
    expect(store.getState().firstRunBusy).toBe(true)
    transport.emit('models.downloadChanged', downloadStatus())
    transport.emit('models.downloadChanged', downloadStatus({ bytesDone: 2e9 }))
    expect(store.getState().downloads.d1?.bytesDone).toBe(2e9)
    await store.getState().pause('d1')
    await store.getState().resume('d1')
    transport.emit('models.downloadChanged', downloadStatus({ phase: 'done', path: '/m.gguf' }))
    expect(store.getState().downloads.d1?.phase).toBe('done')
    // A finished download shows up in the installed list.
    await Promise.resolve()
    expect(transport.callsTo('models.installed').length).toBe(2)
    off()
    transport.emit('models.downloadChanged', downloadStatus({ phase: 'error' }))
    expect(store.getState().downloads.d1?.phase).toBe('done')
  })

  it('says why an action failed', async () => {
    const { store, transport } = setup()
    transport.respond('models.addLocal', () => ({
      ok: false,
      error: { code: 'NOT_GGUF', message: '/x.gguf is not a GGUF model file.' },
    }))
    expect(await store.getState().addLocal(' /x.gguf ')).toBe(false)
    expect(transport.callsTo('models.addLocal')[0]?.input).toEqual({ path: '/x.gguf' })
    expect(transport.callsTo('models.activate')).toEqual([])
    expect(store.getState().error).toBe('/x.gguf is not a GGUF model file.')
    store.getState().clearError()
    expect(store.getState().error).toBeNull()
    expect(await store.getState().download({ source: 'hf:bad' })).toBe(true)
    transport.respond('models.download', () => ({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'That is not a Hugging Face file.' },
    }))
    expect(await store.getState().download({ source: 'hf:bad' })).toBe(false)
    expect(store.getState().error).toBe('That is not a Hugging Face file.')
  })

  it('switches, deletes and refreshes the installed list', async () => {
    const { store, transport } = setup(modelsTransport([installedModel]))
    transport.respond('models.activate', () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no file at that path.' },
    }))
    await store.getState().refreshInstalled()
    expect(store.getState().installed).toEqual([installedModel])
    transport.respond('models.delete', () => ok({ deleted: true }))
    transport.respond('models.installed', () => ok({ models: [] }))
    expect(await store.getState().remove(installedModel.path)).toBe(true)
    expect(store.getState().installed).toEqual([])
    expect(await store.getState().activate(installedModel.path)).toBe(false)
    expect(store.getState().error).toBe('There is no file at that path.')
    expect(store.getState().pending).toBe(false)
  })

  it('picks the recommended quant of another model once its fit arrives', async () => {
    const { store } = setup()
    await store.getState().load()
    store.getState().selectQuant('Q8_0')
    expect(store.getState().selectedQuant).toBe('Q8_0')
    store.getState().select('sfr')
    expect(store.getState().selectedQuant).toBeNull()
    // The fit arrives from the transport: await the state change it makes.
    await stateReached(store, (state) => state.selectedQuant !== null)
    expect(store.getState().selectedQuant).toBe('Q4_K_M')
    store.getState().openScreen()
    expect(store.getState().screenOpen).toBe(true)
    store.getState().closeScreen()
    expect(store.getState().screenOpen).toBe(false)
  })
})
