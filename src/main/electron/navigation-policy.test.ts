import { describe, expect, it } from 'vitest'
import {
  decideNavigation,
  decideWindowOpen,
  isExternalWebLink,
  isOwnPage,
  rendererBase,
} from './navigation-policy'

describe('the navigation policy', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged development build, and only on loopback', () => {
    const dev = 'http://localhost:5173'
    expect(rendererBase({ devBuild: true, packaged: false, devServerUrl: dev })).toEqual({
      kind: 'dev-server',
      url: dev,
    })
    expect(rendererBase({ devBuild: false, packaged: false, devServerUrl: dev })).toEqual({
      kind: 'app',
    })
    expect(rendererBase({ devBuild: true, packaged: true, devServerUrl: dev })).toEqual({
      kind: 'app',
    })
    expect(
      rendererBase({ devBuild: true, packaged: false, devServerUrl: 'https://evil.example' }),
    ).toEqual({ kind: 'app' })
    expect(rendererBase({ devBuild: true, packaged: false, devServerUrl: undefined })).toEqual({
      kind: 'app',
    })
  })

  it('knows our own pages: the app index and its routes, or the dev server index in development', () => {
    expect(isOwnPage('app://hearth/index.html', null)).toBe(true)
    expect(isOwnPage('app://hearth/index.html#/quick', null)).toBe(true)
    expect(isOwnPage('app://hearth/', null)).toBe(true)
    expect(isOwnPage('app://other/index.html', null)).toBe(false)
    expect(isOwnPage('app://hearth/assets/x.js', null)).toBe(false)
    expect(isOwnPage('file:///tmp/index.html', null)).toBe(false)
    expect(isOwnPage('http://localhost:5173/', null)).toBe(false)
    expect(isOwnPage('http://localhost:5173/#/quick', 'http://localhost:5173')).toBe(true)
    expect(isOwnPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isOwnPage('nonsense', null)).toBe(false)
  })

  it('keeps windows on our pages and sends only http(s) links to the system browser', () => {
    expect(decideNavigation('app://hearth/index.html#/quick', null)).toEqual({ allow: true })
    expect(decideNavigation('https://example.com/a', null)).toEqual({
      allow: false,
      openExternally: 'https://example.com/a',
    })
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'x']) {
      expect(decideNavigation(url, null)).toEqual({ allow: false, openExternally: null })
      expect(decideWindowOpen(url)).toEqual({ openExternally: null })
      expect(isExternalWebLink(url)).toBe(false)
    }
    expect(decideWindowOpen('http://example.com/')).toEqual({
      openExternally: 'http://example.com/',
    })
  })
})
