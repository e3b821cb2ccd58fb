import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import type { StoreApi } from 'zustand'
import type { ChatState } from '../../stores/chat-store'

// Within this many pixels of the bottom the list follows new text; further up, the user is reading.
const STICK_PX = 48
// Closer than this to either end, the next page is asked for before the user gets there.
const LOAD_PX = 600

/** Where the list is scrolled to, and what to do about it. */
export interface ListScroll {
  /** The newest text is in view (the list follows the stream). */
  atBottom: boolean
  onScroll: () => void
  /** Back to the newest message (reading it first when a search hit opened older ones). */
  jumpToLatest: () => void
}

/**
 * The message list's scrolling: it follows streamed text while the user is at the bottom and stops
 * when they scroll up; older (and, after a search hit, newer) pages load before the user reaches an
 * end, and a page added above keeps what the user is reading where it was; a message found by
 * search is scrolled into the middle.
 */
export function useListScroll(
  ref: RefObject<HTMLDivElement | null>,
  chat: StoreApi<ChatState>,
): ListScroll {
  const stick = useRef(true)
  const [atBottom, setAtBottom] = useState(true)
  // The first message before a page was added above it, and where it was on screen.
  const anchor = useRef<{ id: string; top: number } | null>(null)

  const follow = useCallback(() => {
    const el = ref.current
    if (el && stick.current) el.scrollTop = el.scrollHeight
  }, [ref])

  const setStick = useCallback((value: boolean) => {
    stick.current = value
    setAtBottom(value)
  }, [])

  // Follows streamed text without re-rendering the list: scrolls on store changes directly.
  useEffect(() => {
    follow()
    return chat.subscribe((state, previous) => {
      if (state.conversationId !== previous.conversationId) setStick(true)
      // Sending is reading the newest: follow the reply.
      if (state.generation !== null && previous.generation === null) setStick(true)
      const firstBefore = previous.messageIds[0]
      if (firstBefore !== undefined && state.messageIds[0] !== firstBefore) {
        const el = messageElement(ref.current, firstBefore)
        if (el) anchor.current = { id: firstBefore, top: el.getBoundingClientRect().top }
      }
      if (state.messages !== previous.messages) requestAnimationFrame(follow)
      const target = state.highlightedId
      if (target !== null && target !== previous.highlightedId) {
        // Reading a found message: stop following the bottom, then bring the message into view
        // after the frame in which a freshly opened conversation scrolls down.
        setStick(false)
        requestAnimationFrame(() => {
          // jsdom, which the renderer's tests run in, has no scrollIntoView.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
          messageElement(ref.current, target)?.scrollIntoView?.({ block: 'center' })
        })
      }
    })
  }, [chat, follow, ref, setStick])

  // A page added above: put the message that was first back where the user saw it (Chromium's own
  // scroll anchoring may already have; then this moves nothing).
  // And a page that does not fill the list (short messages, a tall window) asks for the next one.
  useLayoutEffect(() => {
    const saved = anchor.current
    anchor.current = null
    const el = ref.current
    if (el === null) return
    const now = saved === null ? undefined : messageElement(el, saved.id)
    if (saved && now && !stick.current) el.scrollTop += now.getBoundingClientRect().top - saved.top
    const state = chat.getState()
    if (el.clientHeight > 0 && el.scrollHeight <= el.clientHeight && state.olderCursor !== null)
      void state.loadOlder()
  })

  const onScroll = useCallback(() => {
    const el = ref.current
    if (!el) return
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight
    const bottom = fromBottom < STICK_PX && chat.getState().newerCursor === null
    if (bottom !== stick.current) setStick(bottom)
    const state = chat.getState()
    if (el.scrollTop < LOAD_PX && state.olderCursor !== null) void state.loadOlder()
    if (fromBottom < LOAD_PX && state.newerCursor !== null) void state.loadNewer()
  }, [chat, ref, setStick])

  const jumpToLatest = useCallback(() => {
    setStick(true)
    const state = chat.getState()
    if (state.newerCursor !== null) void state.jumpToLatest()
    else follow()
  }, [chat, follow, setStick])

  return { atBottom, onScroll, jumpToLatest }
}

function messageElement(list: HTMLElement | null, id: string): HTMLElement | undefined {
  const items = list?.querySelectorAll<HTMLElement>('[data-message-id]') ?? []
  return [...items].find((el) => el.dataset['messageId'] === id)
}
