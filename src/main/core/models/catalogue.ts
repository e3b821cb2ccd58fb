import path from 'node:path'
import { err, ok, type Result } from '../../../shared/contract/result'
import type { CatalogueEntry, CatalogueQuant, Quant } from '../../../shared/contract/schemas/models'

const GB = 1_000_000_000

/** Approximate sizes of a Llama 3 8B GGUF per quant, as Hugging Face lists them (decimal GB). */
const LLAMA3_8B_APPROX_BYTES: Record<Quant, number> = {
  Q8_0: Math.round(8.54 * GB),
  Q6_K: Math.round(6.6 * GB),
  Q5_K_M: Math.round(5.73 * GB),
  Q4_K_M: Math.round(4.92 * GB),
  Q4_K_S: Math.round(4.69 * GB),
  IQ4_XS: Math.round(4.45 * GB),
}

const QUANT_ORDER: readonly Quant[] = ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_K_S', 'IQ4_XS']

const LLAMA3_LICENCE = 'Meta Llama 3 Community License'
const LLAMA3_LICENCE_URL = 'https://llama.meta.com/llama3/license/'

function quants(repo: string, fileFor: (quant: Quant) => string): CatalogueQuant[] {
  return QUANT_ORDER.map((quant) => ({
    quant,
    repo,
    file: fileFor(quant),
    approxBytes: LLAMA3_8B_APPROX_BYTES[quant],
  }))
}

/** The id of the model the first-run screen offers. */
export const DEFAULT_MODEL_ID = 'llama3-iterative-dpo-final'

/**
 * The models Hearth offers. Kept as a TS constant (not resources/catalogue.json) so the types are
 * checked at build time and nothing has to be read or parsed at startup.
 */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: DEFAULT_MODEL_ID,
    displayName: 'LLaMA3-iterative-DPO-final',
    description:
      'RLHFlow’s Llama 3 8B Instruct tuned with online iterative RLHF (DPO against a reward model). ' +
      'A strong general assistant for its size; runs on most laptops.',
    licence: LLAMA3_LICENCE,
    licenceUrl: LLAMA3_LICENCE_URL,
    defaultQuant: 'Q4_K_M',
    quants: quants(
      'bartowski/LLaMA3-iterative-DPO-final-GGUF',
      (quant) => `LLaMA3-iterative-DPO-final-${quant}.gguf`,
    ),
  },
  {
    id: 'sfr-iterative-dpo-llama-3-8b-r',
    displayName: 'SFR-Iterative-DPO-LLaMA-3-8B-R',
    description:
      'The same model under Salesforce’s original release name (SFR-Iterative-DPO-LLaMA-3-8B-R), ' +
      'quantised by mradermacher.',
    licence: LLAMA3_LICENCE,
    licenceUrl: LLAMA3_LICENCE_URL,
    defaultQuant: 'Q4_K_M',
    quants: quants(
      'mradermacher/SFR-Iterative-DPO-LLaMA-3-8B-R-GGUF',
      (quant) => `SFR-Iterative-DPO-LLaMA-3-8B-R.${quant}.gguf`,
    ),
  },
]

/** A catalogue quant with the model it belongs to. */
export interface CatalogueChoice {
  entry: CatalogueEntry
  quant: CatalogueQuant
}

/** Look up a catalogue model and quant; NOT_FOUND names what is missing. */
export function findCatalogueQuant(modelId: string, quant: Quant): Result<CatalogueChoice> {
  const entry = CATALOGUE.find((e) => e.id === modelId)
  if (!entry) return err('NOT_FOUND', `There is no model "${modelId}" in the catalogue.`)
  const q = entry.quants.find((x) => x.quant === quant)
  if (!q) return err('NOT_FOUND', `${entry.displayName} has no ${quant} download.`)
  return ok({ entry, quant: q })
}

/** Where a model comes from: a Hugging Face file or a GGUF already on this machine. */
export type ModelSource =
  { kind: 'hf'; repo: string; file: string } | { kind: 'local'; path: string }

// Hugging Face repo names: letters, digits, `-`, `_`, `.`; at most 96 characters; no `--` or `..`.
const HF_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/
// A file path segment: no separators, no `%` escapes, no spaces, no query or fragment.
const HF_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._+-]{0,199}$/
const MAX_FILE_SEGMENTS = 4

const BAD_HF_MESSAGE =
  'That is not a Hugging Face file. Use hf:owner/repo/file.gguf, for example ' +
  'hf:bartowski/LLaMA3-iterative-DPO-final-GGUF/LLaMA3-iterative-DPO-final-Q4_K_M.gguf.'

function parseHf(rest: string): Result<ModelSource> {
  const parts = rest.split('/')
  if (parts.length < 3 || parts.length > 2 + MAX_FILE_SEGMENTS)
    return err('INVALID_INPUT', BAD_HF_MESSAGE)
  const [owner = '', name = '', ...fileParts] = parts
  for (const n of [owner, name]) {
    if (!HF_NAME.test(n) || n.includes('..') || n.includes('--')) {
      return err('INVALID_INPUT', BAD_HF_MESSAGE)
    }
  }
  for (const seg of fileParts) {
    if (!HF_SEGMENT.test(seg) || seg.includes('..')) return err('INVALID_INPUT', BAD_HF_MESSAGE)
  }
  const file = fileParts.join('/')
  if (!file.toLowerCase().endsWith('.gguf')) {
    return err('NOT_GGUF', 'Hearth can only download .gguf files.')
  }
  return ok({ kind: 'hf', repo: `${owner}/${name}`, file })
}

/**
 * Parse what the user typed as a model source: `hf:owner/repo/file.gguf` (validated strictly,
 * so nothing odd reaches a URL or a path on disk) or the absolute path of a local `.gguf` file.
 */
export function parseModelSource(input: string): Result<ModelSource> {
  const source = input.trim()
  if (source.startsWith('hf:')) return parseHf(source.slice(3))
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    return err('INVALID_INPUT', BAD_HF_MESSAGE)
  }
  if (!path.isAbsolute(source) || source.includes('\0')) {
    return err('INVALID_INPUT', 'Give the full path of a .gguf file, or hf:owner/repo/file.gguf.')
  }
  if (!source.toLowerCase().endsWith('.gguf')) {
    return err('NOT_GGUF', 'That file is not a .gguf model file.')
  }
  return ok({ kind: 'local', path: path.normalize(source) })
}
