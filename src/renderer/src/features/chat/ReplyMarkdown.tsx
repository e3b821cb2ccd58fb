import { memo, useMemo } from 'react'
import { Markdown, type MarkdownProps } from './Markdown'
import { markdownBlocks } from './markdown-blocks'

/**
 * A reply as one memoised Markdown per block (markdown-blocks.ts): while it streams, a new token
 * re-renders only the block it lands in, and when it ends no block is parsed again. Only the last
 * block can still be growing, so only it renders as streaming (its code is highlighted once whole).
 */
export const ReplyMarkdown = memo(function ReplyMarkdown({
  text,
  streaming = false,
}: MarkdownProps) {
  const blocks = useMemo(() => markdownBlocks(text), [text])
  return (
    <div className="markdown-blocks">
      {blocks.map((block, index) => (
        <Markdown key={index} text={block} streaming={streaming && index === blocks.length - 1} />
      ))}
    </div>
  )
})
