import { useEffect, useRef, type KeyboardEvent } from 'react'
import type { SearchHit } from '../../../../shared/contract/schemas/conversations'
import { useSearch, useSearchFields, useStores } from '../../stores/stores-context'
import { Snippet } from './Snippet'

/**
 * Ctrl+K / Cmd+K opens a palette that searches every conversation as you type; arrow keys and
 * Enter (or a click) open the hit and scroll to its message; Esc closes.
 */
export function SearchPalette() {
  const stores = useStores()
  const open = useSearch((state) => state.open)

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault()
        const search = stores.search.getState()
        if (search.open) search.close()
        else search.show()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [stores])

  return open ? <Palette /> : null
}

function Palette() {
  const stores = useStores()
  const { query, hits, selected } = useSearchFields('query', 'hits', 'selected')
  const { searching, error } = useSearchFields('searching', 'error')
  const listRef = useRef<HTMLUListElement>(null)

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return
    stores.search.getState().close()
    void stores.chat.getState().showMessage(hit.conversationId, hit.messageId)
  }

  useEffect(() => {
    // jsdom, which the renderer's tests run in, has no scrollIntoView.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' })
  }, [selected])

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return
    const search = stores.search.getState()
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      search.move(event.key === 'ArrowDown' ? 1 : -1)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(search.hits[search.selected])
    } else if (event.key === 'Escape') {
      event.preventDefault()
      search.close()
    }
  }

  return (
    <div
      className="palette-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) stores.search.getState().close()
      }}
    >
      <div className="palette" role="dialog" aria-modal="true" aria-label="Search conversations">
        <input
          type="text"
          className="palette-input"
          data-testid="search-input"
          placeholder="Search conversations…"
          aria-label="Search conversations"
          aria-controls="search-results"
          aria-activedescendant={hits.length > 0 ? `search-hit-${selected}` : undefined}
          role="combobox"
          aria-expanded={hits.length > 0}
          value={query}
          onChange={(event) => stores.search.getState().setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <ul className="palette-results" id="search-results" role="listbox" ref={listRef}>
          {hits.map((hit, index) => (
            <li
              key={`${hit.conversationId}-${hit.messageId ?? 'title'}-${index}`}
              id={`search-hit-${index}`}
              role="option"
              aria-selected={index === selected}
              className="palette-result"
              data-testid="search-result"
              data-conversation-id={hit.conversationId}
              data-message-id={hit.messageId ?? undefined}
              onMouseEnter={() => stores.search.getState().select(index)}
              onClick={() => choose(hit)}
            >
              <span className="palette-title">{hit.conversationTitle || 'New chat'}</span>
              <Snippet text={hit.snippet} />
            </li>
          ))}
        </ul>
        {query.trim() !== '' && !searching && hits.length === 0 && !error && (
          <p className="palette-empty">Nothing found.</p>
        )}
      </div>
    </div>
  )
}
