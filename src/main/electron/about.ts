import type { DesktopInfo } from '../../shared/contract/desktop'

/** The model Hearth offers and its licence, shown in About. */
const MODEL_LICENCE = {
  name: 'Meta Llama 3 Community License',
  url: 'https://llama.meta.com/llama3/license/',
  notice: 'Built with Meta Llama 3. Llama 3 is licensed under the Meta Llama 3 Community License.',
}

/** The About panel's text: every version the user may be asked for, and the model's licence. */
export function aboutCredits(versions: DesktopInfo['versions']): string {
  return [
    `Hearth ${versions.hearth}`,
    `Electron ${versions.electron} (Chromium ${versions.chrome}, Node ${versions.node})`,
    `node-llama-cpp ${versions.nodeLlamaCpp}, llama.cpp ${versions.llamaCpp}`,
    '',
    MODEL_LICENCE.notice,
    `${MODEL_LICENCE.name}: ${MODEL_LICENCE.url}`,
  ].join('\n')
}
