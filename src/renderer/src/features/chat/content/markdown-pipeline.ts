import type { KatexOptions } from 'katex'
import type { Options as ReactMarkdownOptions } from 'react-markdown'
import rehypeKatex from 'rehype-katex'
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'

interface TreeNode {
  type: string
  /** Text, raw and comment nodes carry their text here (hast). */
  value?: string
  children?: TreeNode[]
}

/**
 * Raw HTML in model output becomes visible text ("use a <span> here" keeps its `<span>`). Without
 * this the sanitiser would delete it, and words would silently vanish from the reply. Text nodes
 * are escaped by React, so nothing in them can become an element.
 */
function rehypeRawAsText() {
  return (tree: TreeNode): void => {
    const walk = (node: TreeNode): void => {
      if (!node.children) return
      node.children = node.children.map((child) =>
        child.type === 'raw' ? { type: 'text', value: child.value ?? '' } : child,
      )
      for (const child of node.children) walk(child)
    }
    walk(tree)
  }
}

/**
 * KaTeX with nothing that can reach outside the reply: `trust: false` refuses \href, \url,
 * \includegraphics and the \html… commands; macro expansion and sizes are bounded so a hostile
 * formula cannot hang or blow up the page; errors render as red source text instead of throwing.
 */
const KATEX_OPTIONS: KatexOptions = {
  trust: false,
  strict: 'ignore',
  throwOnError: false,
  maxExpand: 500,
  maxSize: 50,
  output: 'htmlAndMathml',
}

const mathMlTags = [
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
]

const mathMlAttributes = [
  'xmlns',
  'display',
  'encoding',
  'mathvariant',
  'stretchy',
  'fence',
  'separator',
  'lspace',
  'rspace',
  'accent',
  'accentunder',
  'columnalign',
  'rowspacing',
  'columnspacing',
  'columnlines',
  'rowlines',
  'scriptlevel',
  'displaystyle',
  'mathcolor',
  'mathbackground',
  'notation',
  'linethickness',
  'minsize',
  'maxsize',
  'movablelimits',
  'symmetric',
  'largeop',
  'depth',
  'voffset',
  'width',
  'height',
]

/**
 * The first pass: GitHub's schema (no raw HTML reaches it), plus the classes remark-math gives math
 * so that rehype-katex still finds it afterwards.
 */
const MARKDOWN_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
  },
}

/**
 * The second pass, over KaTeX's output: the first schema plus the elements and attributes KaTeX
 * writes (its spans with classes and inline sizes, MathML for screen readers, SVG for stretchy
 * arrows and roots). Nothing else can appear, because everything else already went through the
 * first pass; `href`, `src` and event attributes stay forbidden everywhere.
 */
const KATEX_OUTPUT_SCHEMA: SanitizeSchema = {
  ...MARKDOWN_SCHEMA,
  // The first pass already prefixed ids; prefixing again would break footnote references.
  clobber: [],
  tagNames: [...(MARKDOWN_SCHEMA.tagNames ?? []), ...mathMlTags, 'svg', 'path', 'line'],
  attributes: {
    ...MARKDOWN_SCHEMA.attributes,
    span: [...(MARKDOWN_SCHEMA.attributes?.['span'] ?? []), 'className', 'style', 'ariaHidden'],
    ...Object.fromEntries(mathMlTags.map((tag) => [tag, mathMlAttributes])),
    svg: ['xmlns', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'style'],
    path: ['d'],
    line: ['x1', 'y1', 'x2', 'y2', 'strokeWidth'],
  },
}

/** remark: GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks) and math. */
const remarkPlugins: ReactMarkdownOptions['remarkPlugins'] = [remarkGfm, remarkMath]

/**
 * Past this many characters in one line, GFM's autolink and table tokenisers cost seconds (a 1 MB
 * line: 0.5 s as CommonMark, 4 s with remark-gfm), and such a line is neither a table row nor prose
 * with links worth finding.
 */
export const MAX_GFM_LINE = 20_000

function hasLineLongerThan(text: string, limit: number): boolean {
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const stop = end < 0 ? text.length : end
    if (stop - start > limit) return true
    start = stop + 1
  }
  return false
}

/** The remark plugins for a reply: CommonMark and math alone where a line is too long for GFM. */
export function remarkPluginsFor(text: string): ReactMarkdownOptions['remarkPlugins'] {
  return hasLineLongerThan(text, MAX_GFM_LINE) ? [remarkMath] : remarkPlugins
}

/**
 * rehype, in this order: raw HTML becomes text, the sanitiser cleans what Markdown made, KaTeX
 * renders the math that survived, and the sanitiser checks KaTeX's output too.
 */
export const rehypePlugins: ReactMarkdownOptions['rehypePlugins'] = [
  rehypeRawAsText,
  [rehypeSanitize, MARKDOWN_SCHEMA],
  [rehypeKatex, KATEX_OPTIONS],
  [rehypeSanitize, KATEX_OUTPUT_SCHEMA],
]
