import type { InstalledModel } from '../../../shared/contract/schemas/model-channels'
import type {
  CatalogueEntry,
  DownloadStatus,
  FitReport,
} from '../../../shared/contract/schemas/models'
import { FakeTransport } from './fake-transport'
import { ok } from './fixtures'

/** Test data for the models screens: a two-entry catalogue, a CPU-only fit, a download. */
export const catalogue: CatalogueEntry[] = [
  {
    id: 'llama3-iterative-dpo-final',
    displayName: 'LLaMA3-iterative-DPO-final',
    description: 'The default.',
    licence: 'Meta Llama 3 Community License',
    licenceUrl: 'https://llama.meta.com/llama3/license/',
    defaultQuant: 'Q4_K_M',
    quants: [
      { quant: 'Q8_0', repo: 'b/r', file: 'x-Q8_0.gguf', approxBytes: 8_540_000_000 },
      { quant: 'Q4_K_M', repo: 'b/r', file: 'x-Q4_K_M.gguf', approxBytes: 4_920_000_000 },
    ],
  },
  {
    id: 'sfr',
    displayName: 'SFR',
    description: 'The same model.',
    licence: 'Meta Llama 3 Community License',
    licenceUrl: 'https://llama.meta.com/llama3/license/',
    defaultQuant: 'Q4_K_M',
    quants: [{ quant: 'Q4_K_M', repo: 'm/r', file: 'y.Q4_K_M.gguf', approxBytes: 4_920_000_000 }],
  },
]

const fit: FitReport = {
  contextSize: 8192,
  ramBytes: 32e9,
  vramBytes: 8e9,
  quants: [
    {
      quant: 'Q8_0',
      fit: 'partial',
      neededBytes: 9.6e9,
      gpuLayers: 20,
      totalLayers: 33,
      label: 'Partly on the GPU (20 of 33 layers)',
    },
    {
      quant: 'Q4_K_M',
      fit: 'gpu',
      neededBytes: 6e9,
      gpuLayers: 33,
      totalLayers: 33,
      label: 'Fits on the GPU',
    },
  ],
  recommended: 'Q4_K_M',
}

export function downloadStatus(overrides: Partial<DownloadStatus> = {}): DownloadStatus {
  return {
    downloadId: 'd1',
    name: 'LLaMA3-iterative-DPO-final Q4_K_M',
    repo: 'b/r',
    file: 'x-Q4_K_M.gguf',
    phase: 'downloading',
    bytesDone: 1_000_000_000,
    totalBytes: 4_920_000_000,
    bytesPerSecond: 20_000_000,
    secondsLeft: 196,
    path: null,
    error: null,
    ...overrides,
  }
}

export const installedModel: InstalledModel = {
  path: '/data/models/b/r/x-Q4_K_M.gguf',
  name: 'LLaMA3-iterative-DPO-final Q4_K_M',
  sizeBytes: 4_920_000_000,
  quant: 'Q4_K_M',
  repo: 'b/r',
  active: false,
}

/** A transport answering the models channels with the data above. */
export function modelsTransport(installed: InstalledModel[] = []): FakeTransport {
  return new FakeTransport()
    .respond('models.catalogue', () => ok({ entries: catalogue, defaultModelId: catalogue[0]?.id }))
    .respond('models.fit', () => ok(fit))
    .respond('models.downloads', () => ok({ downloads: [] }))
    .respond('models.installed', () => ok({ models: installed }))
    .respond('models.download', () => ok(downloadStatus({ phase: 'checking', bytesDone: 0 })))
    .respond('models.pause', () => ok(downloadStatus({ phase: 'paused', bytesPerSecond: 0 })))
    .respond('models.resume', () => ok(downloadStatus({ phase: 'verifying' })))
    .respond('models.cancel', () => ok(downloadStatus({ phase: 'cancelled', bytesDone: 0 })))
}
