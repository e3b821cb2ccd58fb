import { describe, expect, it } from 'vitest'
import { FitReportSchema, type Quant } from '../../../shared/contract/schemas/models'
import { CATALOGUE } from './catalogue'
import {
  classifyFit,
  decideFit,
  DEFAULT_CONTEXT_SIZE,
  estimateNeedFromSize,
  LLAMA3_8B_LAYERS,
} from './fit'

const GB = 1e9
const needs = (CATALOGUE[0]?.quants ?? []).map((q) => estimateNeedFromSize(q.quant, q.approxBytes))
const fitOf = (report: ReturnType<typeof decideFit>, quant: Quant) =>
  report.quants.find((q) => q.quant === quant)

describe('fit estimate', () => {
  it('adds an 8B Llama 3 KV cache (1 GiB at 8192) and compute buffers to the file size', () => {
    const need = estimateNeedFromSize('Q4_K_M', 4.92 * GB)
    expect(need.contextBytes).toBe(131072 * 8192 + 560_000_000)
    expect(need.totalLayers).toBe(LLAMA3_8B_LAYERS)
    expect(estimateNeedFromSize('Q4_K_M', 4.92 * GB, 2048).contextBytes).toBeLessThan(
      need.contextBytes,
    )
  })

  it('a 24 GB GPU runs every quant on the GPU and gets the default quant', () => {
    const report = decideFit(needs, { ramBytes: 32 * GB, vramBytes: 24 * GB })
    expect(FitReportSchema.parse(report)).toEqual(report)
    expect(report.quants.every((q) => q.fit === 'gpu' && q.gpuLayers === 33)).toBe(true)
    expect(report.recommended).toBe('Q4_K_M')
    expect(report.contextSize).toBe(DEFAULT_CONTEXT_SIZE)
  })

  it('an 8 GB GPU fits Q4_K_M fully, Q8_0 only partly', () => {
    const report = decideFit(needs, { ramBytes: 16 * GB, vramBytes: 8 * GB })
    expect(fitOf(report, 'Q4_K_M')?.fit).toBe('gpu')
    const q8 = fitOf(report, 'Q8_0')
    expect(q8?.fit).toBe('partial')
    expect(q8?.gpuLayers).toBeGreaterThan(0)
    expect(q8?.gpuLayers).toBeLessThan(33)
    expect(q8?.label).toBe(`Partly on the GPU (${q8?.gpuLayers} of 33 layers)`)
    expect(report.recommended).toBe('Q4_K_M')
  })

  it('when the default just misses the GPU, a smaller quant that fits fully is recommended', () => {
    // Usable VRAM 6.3 GB: IQ4_XS (4.45 + 1.63) fits, Q4_K_S (4.69 + 1.63) does not.
    const report = decideFit(needs, { ramBytes: 16 * GB, vramBytes: 6.8 * GB })
    expect(fitOf(report, 'Q4_K_M')?.fit).toBe('partial')
    expect(fitOf(report, 'IQ4_XS')?.fit).toBe('gpu')
    expect(report.recommended).toBe('IQ4_XS')
  })

  it('without a GPU everything is CPU only and the default is kept', () => {
    const report = decideFit(needs, { ramBytes: 16 * GB, vramBytes: 0 })
    expect(
      report.quants.every((q) => q.fit === 'cpu' && q.gpuLayers === 0 && q.label === 'CPU only'),
    ).toBe(true)
    expect(report.recommended).toBe('Q4_K_M')
  })

  it('with little RAM, larger quants are too large and a smaller one is picked', () => {
    // 8.2 GB RAM → 6.2 GB usable: Q4_K_S (4.69 + 1.63) is too large, IQ4_XS (6.08) fits.
    const report = decideFit(needs, { ramBytes: 8.2 * GB, vramBytes: 0 })
    expect(fitOf(report, 'Q8_0')?.fit).toBe('too-large')
    expect(fitOf(report, 'Q4_K_M')?.fit).toBe('too-large')
    expect(fitOf(report, 'Q4_K_M')?.label).toMatch(
      /^Too large for this computer \(needs about 6\.\d GB\)$/,
    )
    expect(fitOf(report, 'IQ4_XS')?.fit).toBe('cpu')
    expect(report.recommended).toBe('IQ4_XS')
  })

  it('recommends nothing when nothing fits', () => {
    const report = decideFit(needs, { ramBytes: 4 * GB, vramBytes: 2 * GB })
    expect(report.quants.every((q) => q.fit === 'too-large')).toBe(true)
    expect(report.recommended).toBeNull()
  })

  it('a small GPU takes some layers while the rest runs from RAM', () => {
    const fit = classifyFit(estimateNeedFromSize('Q4_K_M', 4.92 * GB), {
      ramBytes: 16 * GB,
      vramBytes: 4 * GB,
    })
    expect(fit.fit).toBe('partial')
    expect(fit.gpuLayers).toBeGreaterThan(10)
    expect(fit.gpuLayers).toBeLessThan(20)
  })
})
