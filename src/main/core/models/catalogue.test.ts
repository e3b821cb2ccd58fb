import { describe, expect, it } from 'vitest'
import { CatalogueEntrySchema } from '../../../shared/contract/schemas/models'
import { CATALOGUE, DEFAULT_MODEL_ID, findCatalogueQuant, parseModelSource } from './catalogue'

describe('catalogue', () => {
  it('offers both names of the model with six quants, Q4_K_M by default', () => {
    expect(CATALOGUE.map((e) => e.id)).toEqual([DEFAULT_MODEL_ID, 'sfr-iterative-dpo-llama-3-8b-r'])
    for (const entry of CATALOGUE) {
      expect(CatalogueEntrySchema.parse(entry)).toEqual(entry)
      expect(entry.defaultQuant).toBe('Q4_K_M')
      expect(entry.quants.map((q) => q.quant)).toEqual([
        'Q8_0',
        'Q6_K',
        'Q5_K_M',
        'Q4_K_M',
        'Q4_K_S',
        'IQ4_XS',
      ])
      expect(entry.licence).toMatch(/Llama 3/)
    }
    const q4 = findCatalogueQuant(DEFAULT_MODEL_ID, 'Q4_K_M')
    expect(q4.ok && q4.value.quant).toEqual({
      quant: 'Q4_K_M',
      repo: 'bartowski/LLaMA3-iterative-DPO-final-GGUF',
      file: 'LLaMA3-iterative-DPO-final-Q4_K_M.gguf',
      approxBytes: 4_920_000_000,
    })
    const sfr = findCatalogueQuant('sfr-iterative-dpo-llama-3-8b-r', 'IQ4_XS')
    expect(sfr.ok && sfr.value.quant.repo).toBe('mradermacher/SFR-Iterative-DPO-LLaMA-3-8B-R-GGUF')
    expect(sfr.ok && sfr.value.quant.file).toBe('SFR-Iterative-DPO-LLaMA-3-8B-R.IQ4_XS.gguf')
    expect(findCatalogueQuant('missing', 'Q4_K_M')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })
})

describe('parseModelSource', () => {
  it('accepts hf:owner/repo/file.gguf, with sub-folders', () => {
    expect(
      parseModelSource(
        'hf:bartowski/LLaMA3-iterative-DPO-final-GGUF/LLaMA3-iterative-DPO-final-Q8_0.gguf',
      ),
    ).toEqual({
      ok: true,
      value: {
        kind: 'hf',
        repo: 'bartowski/LLaMA3-iterative-DPO-final-GGUF',
        file: 'LLaMA3-iterative-DPO-final-Q8_0.gguf',
      },
    })
    const nested = parseModelSource(' hf:owner/repo.v2/Q4_K_M/model-00001.gguf ')
    expect(nested.ok && nested.value).toEqual({
      kind: 'hf',
      repo: 'owner/repo.v2',
      file: 'Q4_K_M/model-00001.gguf',
    })
  })

  it.each([
    ['hf:', 'INVALID_INPUT'],
    ['hf:owner/repo', 'INVALID_INPUT'],
    ['hf:owner/file.gguf', 'INVALID_INPUT'],
    ['hf:../repo/file.gguf', 'INVALID_INPUT'],
    ['hf:owner/../file.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/../../etc/passwd.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/.hidden.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/a%2F..%2Fb.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/file.gguf?download=true', 'INVALID_INPUT'],
    ['hf:owner/repo/file name.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo//file.gguf', 'INVALID_INPUT'],
    ['hf:own--er/repo/file.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo\\x/file.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/a/b/c/d/e/file.gguf', 'INVALID_INPUT'],
    ['hf:owner/repo/model.safetensors', 'NOT_GGUF'],
    ['https://huggingface.co/owner/repo/resolve/main/file.gguf', 'INVALID_INPUT'],
    ['relative/model.gguf', 'INVALID_INPUT'],
    ['/home/me/model.bin', 'NOT_GGUF'],
  ])('rejects %s with %s', (input, code) => {
    const result = parseModelSource(input)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe(code)
      expect(result.error.message.length).toBeGreaterThan(10)
    }
  })

  it('accepts an absolute local .gguf path', () => {
    expect(parseModelSource('/home/me/models/../models/x.GGUF')).toEqual({
      ok: true,
      value: { kind: 'local', path: '/home/me/models/x.GGUF' },
    })
  })
})
