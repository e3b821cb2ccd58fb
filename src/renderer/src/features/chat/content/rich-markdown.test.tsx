import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Markdown } from '../Markdown'
import { highlightCode } from './highlighter'
import { MAX_GFM_LINE } from './markdown-pipeline'

afterEach(cleanup)

describe('rich Markdown', () => {
  it('renders GitHub tables, task lists and strikethrough', () => {
    const { container } = render(
      <Markdown text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~'} />,
    )
    expect(container.querySelectorAll('th')).toHaveLength(2)
    expect(container.querySelectorAll('input[type="checkbox"]')).toHaveLength(2)
    expect(container.querySelector('del')?.textContent).toBe('gone')
  })

  it('renders inline and block math with KaTeX, with MathML for screen readers', () => {
    const { container } = render(
      <Markdown text={'Euler: $e^{i\\pi}+1=0$\n\n$$\n\\frac{a}{b}\n$$'} />,
    )
    expect(container.querySelectorAll('.katex')).toHaveLength(2)
    expect(container.querySelector('.katex-display')).not.toBeNull()
    expect(container.querySelector('math annotation')?.textContent).toBe('e^{i\\pi}+1=0')
    // KaTeX's layout sizes survive the second sanitiser pass.
    expect(container.querySelector('.katex-html .strut')?.getAttribute('style')).toMatch(/height/)
  })

  it('refuses KaTeX commands that could navigate or load', () => {
    const { container } = render(
      <Markdown
        text={
          '$\\href{javascript:alert(1)}{x}$ $\\url{https://evil.example}$ ' +
          '$\\includegraphics{https://evil.example/a.png}$ $\\htmlClass{x}{y}$'
        }
      />,
    )
    expect(container.querySelector('a')).toBeNull()
    expect(container.querySelector('img')).toBeNull()
    // The formula's source may show as text; no attribute carries a URL.
    for (const element of container.querySelectorAll('*'))
      for (const attribute of element.attributes)
        expect(attribute.value, attribute.name).not.toMatch(/javascript:|evil\.example/)
  })

  it('bounds macro expansion instead of hanging', () => {
    const bomb =
      '$\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{xxxxxxxx}\\a\\a\\a\\a\\a\\a$'
    const { container } = render(<Markdown text={`${bomb.repeat(3)} after`} />)
    expect(container.textContent).toContain('after')
  })

  it('shows a code block plain while streaming, then highlights it with its language and a copy button', async () => {
    const code = '```ts\nconst answer: number = 42\n```'
    const { rerender, container } = render(<Markdown text={code} streaming />)
    expect(screen.getByTestId('code-language').textContent).toBe('ts')
    expect(screen.getByTestId('copy-code').textContent).toBe('Copy')
    expect(container.querySelector('.code-token')).toBeNull()
    rerender(<Markdown text={code} />)
    // shiki and the grammar load as real dynamic imports (files read from disk): this waits for
    // their outcome on the page, bounded, not for a fixed time.
    await waitFor(
      () => expect(container.querySelector('[data-highlighted="true"]')).not.toBeNull(),
      {
        timeout: 10_000,
      },
    )
    expect(container.querySelector('pre code')?.textContent).toBe('const answer: number = 42')
    const colours = [...container.querySelectorAll<HTMLElement>('.code-token')].map((token) =>
      token.style.getPropertyValue('--shiki-dark'),
    )
    expect(colours.some((colour) => colour !== '')).toBe(true)
  })

  it('highlights a finished block while the reply still streams after it', async () => {
    const text = '```py\nprint(1)\n```\n\nand more'
    const { container } = render(<Markdown text={text} streaming />)
    // As above: bounded by the real loading of shiki's chunks, not a fixed time.
    await waitFor(
      () => expect(container.querySelector('[data-highlighted="true"]')).not.toBeNull(),
      {
        timeout: 10_000,
      },
    )
  })

  it('leaves a block in an unknown language plain', async () => {
    const { container } = render(<Markdown text={'```nosuchlang\nx = 1\n```'} />)
    expect(screen.getByTestId('code-language').textContent).toBe('nosuchlang')
    // The highlighter's own verdict on this block, awaited: no tokens for a language it lacks.
    await act(async () => {
      expect(await highlightCode('x = 1', 'nosuchlang')).toBeNull()
    })
    expect(container.querySelector('[data-highlighted]')).toBeNull()
    expect(container.querySelector('.code-token')).toBeNull()
    expect(container.querySelector('pre code')?.textContent).toBe('x = 1')
  })
})

describe('a reply with a very long line', () => {
  it('is parsed as CommonMark with math, without GFM, and keeps all its text', () => {
    const line = `see https://example.com ${'word '.repeat(MAX_GFM_LINE / 5)}~~end~~`
    const { container } = render(<Markdown text={`${line}\n\n$x$`} />)
    expect(container.querySelector('a')).toBeNull()
    expect(container.querySelector('del')).toBeNull()
    expect(container.querySelector('.katex')).not.toBeNull()
    expect(container.querySelector('p')?.textContent).toBe(line)
  })
})
