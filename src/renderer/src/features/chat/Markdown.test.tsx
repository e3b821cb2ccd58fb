import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Markdown, safeHref } from './Markdown'

afterEach(cleanup)

// Model output that tries to run script, load something, or navigate somewhere unsafe.
const corpus = [
  '<script>alert(1)</script>',
  'Hi <script src="https://evil.example/x.js"></script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle/></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="https://evil.example/x.swf"></object><embed src="x">',
  '<a href="javascript:alert(1)">raw link</a>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)">div</div>',
  '<style>body { display: none }</style>',
  '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
  '<details open ontoggle=alert(1)>x</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[click](file:///etc/passwd)',
  '[click](/relative/path)',
  '[ref link][1]\n\n[1]: javascript:alert(1)',
  '![tracker](https://evil.example/pixel.png)',
  '![x](javascript:alert(1))',
  '<https://ok.example/x"onmouseover="alert(1)>',
]

const forbiddenTags = [
  'script',
  'iframe',
  'img',
  'svg',
  'object',
  'embed',
  'style',
  'form',
  'meta',
  'base',
  'math',
  'details',
]

function assertInert(container: HTMLElement): void {
  for (const tag of forbiddenTags) expect(container.querySelector(tag), tag).toBeNull()
  for (const element of container.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      expect(attribute.name.startsWith('on'), `${element.tagName} ${attribute.name}`).toBe(false)
      expect(attribute.name).not.toBe('style')
      expect(attribute.value.toLowerCase()).not.toMatch(/javascript:|vbscript:|data:/)
    }
  }
  for (const link of container.querySelectorAll('a')) {
    expect(link.getAttribute('href') ?? '').toMatch(/^https?:\/\//)
  }
}

describe('Markdown', () => {
  it.each(corpus)('renders %j inert', (text) => {
    const { container } = render(<Markdown text={text} />)
    assertInert(container)
  })

  it('shows raw HTML as text instead of elements', () => {
    const { container } = render(<Markdown text={'<script>alert(1)</script> and <b>bold</b>'} />)
    expect(container.textContent).toContain('<script>alert(1)</script>')
    expect(container.textContent).toContain('<b>bold</b>')
    expect(container.querySelector('b')).toBeNull()
  })

  it('keeps inline tags in prose as words instead of dropping them', () => {
    const { container } = render(<Markdown text="Wrap it in a <span> element." />)
    expect(container.textContent).toBe('Wrap it in a <span> element.')
    expect(container.querySelector('span')).toBeNull()
  })

  it('renders http(s) links to open outside the app', () => {
    const { getByRole } = render(<Markdown text="[docs](https://example.com/a?b=1)" />)
    const link = getByRole('link', { name: 'docs' })
    expect(link.getAttribute('href')).toBe('https://example.com/a?b=1')
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('keeps the text of a link whose URL was dropped, as plain text', () => {
    const { container, queryByRole } = render(<Markdown text="[click me](javascript:alert(1))" />)
    expect(queryByRole('link')).toBeNull()
    expect(container.textContent).toBe('click me')
  })

  it('shows an image as its alt text without loading it', () => {
    const { container } = render(<Markdown text="![a cat](https://example.com/cat.png)" />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.textContent).toBe('[a cat]')
  })

  it('renders code blocks, lists and emphasis', () => {
    const { container } = render(
      <Markdown text={'Some *emphasis*\n\n- one\n- two\n\n```ts\nconst x = 1 < 2\n```'} />,
    )
    expect(container.querySelector('em')?.textContent).toBe('emphasis')
    expect(container.querySelectorAll('li')).toHaveLength(2)
    expect(container.querySelector('pre code')?.textContent).toBe('const x = 1 < 2')
    expect(container.querySelector('[data-testid="code-language"]')?.textContent).toBe('ts')
  })
})

describe('safeHref', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/')
    expect(safeHref('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x')
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:x',
      'data:text/html,x',
      'mailto:a@b',
      '/x',
      '#x',
      '',
    ]) {
      expect(safeHref(bad), bad).toBeNull()
    }
  })
})
