import { memo } from 'react'
import type { ReplyStats } from '../../../../shared/contract/schemas/chat'
import { useChat } from '../../stores/stores-context'
import { BranchSwitcher } from './BranchSwitcher'
import { ContextDivider } from './ContextDivider'
import { MessageBoundary } from './content/MessageBoundary'
import { MessageActions } from './MessageActions'
import { MessageEditor } from './MessageEditor'
import { ReplyDetails } from './ReplyDetails'
import { ReplyMarkdown } from './ReplyMarkdown'

/**
 * One message. It selects only its own entry, and the store keeps untouched entries' identity, so
 * a streamed delta re-renders the streaming message alone.
 */
export const MessageItem = memo(function MessageItem({ id }: { id: string }) {
  const text = useChat((state) => state.messages[id]?.text ?? '')
  // The outer boundary keeps anything else in the message (details, actions) from taking the list
  // down; the one around the content keeps the actions usable when only the content fails.
  return (
    <MessageBoundary text={text}>
      <MessageView id={id} />
    </MessageBoundary>
  )
})

function MessageView({ id }: { id: string }) {
  const message = useChat((state) => state.messages[id])
  const highlighted = useChat((state) => state.highlightedId === id)
  const editing = useChat((state) => state.editingId === id)
  const firstSeen = useChat((state) => state.context?.firstSeenId === id)
  if (!message) return null
  const done = !message.streaming && message.finishReason !== null
  return (
    <>
      {firstSeen && <ContextDivider />}
      <article
        className={`message message-${message.role}${highlighted ? ' message-highlighted' : ''}`}
        data-testid={`message-${message.role}`}
        data-message-id={id}
        data-highlighted={highlighted ? 'true' : undefined}
        data-streaming={message.streaming ? 'true' : undefined}
        data-finish-reason={done ? (message.finishReason ?? undefined) : undefined}
        aria-busy={message.streaming}
      >
        <h2 className="visually-hidden">{message.role === 'user' ? 'You' : 'Hearth'}</h2>
        {message.role === 'user' && editing ? (
          <MessageEditor id={id} text={message.text} />
        ) : message.role === 'user' ? (
          <p className="message-plain">{message.text}</p>
        ) : message.text === '' && message.streaming ? (
          <p className="typing" aria-label="Hearth is writing">
            <span />
            <span />
            <span />
          </p>
        ) : (
          <MessageBoundary text={message.text}>
            <ReplyMarkdown text={message.text} streaming={message.streaming} />
          </MessageBoundary>
        )}
        {message.error && (
          <p className="message-error" data-testid="message-error" role="alert">
            {message.error.message}
          </p>
        )}
        {message.role === 'assistant' && done && message.finishReason === 'interrupted' && (
          <p className="message-note" data-testid="message-interrupted">
            This reply was interrupted.
          </p>
        )}
        {message.role === 'assistant' && done && (
          <p className="message-meta">{describeEnd(message.finishReason, message.stats)}</p>
        )}
        {message.role === 'assistant' && done && message.generation && (
          <ReplyDetails generation={message.generation} />
        )}
        <div className="message-footer">
          <BranchSwitcher id={id} />
          {!editing && (message.role === 'user' || done) && <MessageActions id={id} />}
        </div>
      </article>
    </>
  )
}

function describeEnd(reason: string | null, stats: ReplyStats | null): string {
  const parts: string[] = []
  if (reason === 'stopped') parts.push('Stopped')
  else if (reason === 'length') parts.push('Cut off: the reply reached its length limit')
  else if (reason === 'interrupted') parts.push('Interrupted')
  if (stats && stats.tokenCount > 0) {
    parts.push(`${stats.tokenCount} tokens`, `${stats.tokensPerSecond.toFixed(1)} tokens/s`)
  }
  return parts.join(' · ')
}
