import { app } from 'electron'
import { APP_INDEX_URL } from './app-protocol'
import { isOwnPage, rendererBase } from './navigation-policy'

const base = rendererBase({
  devBuild: import.meta.env.DEV,
  packaged: app.isPackaged,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
})

/** electron-vite's dev server in `npm run dev`; null in every other build. */
export const devServerUrl: string | null = base.kind === 'dev-server' ? base.url : null

/** The renderer's address for a route: `''` is the main view, `'/quick'` the quick prompt. */
export function pageUrl(route: '' | '/quick'): string {
  const index = devServerUrl ?? APP_INDEX_URL
  return route === '' ? index : `${index}#${route}`
}

/** Whether `url` is one of our pages (the main view or the quick prompt). */
export function isOurPage(url: string): boolean {
  return isOwnPage(url, devServerUrl)
}
