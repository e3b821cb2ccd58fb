import { memo, useMemo } from 'react'
import { Markdown } from './Markdown'
import { markdownBlocks } from './markdown-blocks'

/**
 * A reply while it streams: one memoised Markdown per block (markdown-blocks.ts), so a new token
 * re-renders only the block it lands in.
 */
export const StreamingMarkdown = memo(function StreamingMarkdown({ text }: { text: string }) {
  const blocks = useMemo(() => markdownBlocks(text), [text])
  return (
    <div className="markdown-stream">
      {blocks.map((block, index) => (
        <Markdown key={index} text={block} />
      ))}
    </div>
  )
})
