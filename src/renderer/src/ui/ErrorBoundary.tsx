import { Component, type ErrorInfo, type ReactNode } from 'react'

export interface ErrorBoundaryProps {
  /** What to show once a child threw while rendering; `reset` tries the children again. */
  fallback: (reset: () => void) => ReactNode
  /** Told once per caught error (after React has given up on the children). */
  onError?: (error: unknown, info: ErrorInfo) => void
  /** When this value changes the boundary forgets its error (new content, another conversation). */
  resetKey?: unknown
  children: ReactNode
}

interface ErrorBoundaryState {
  failed: boolean
  resetKey: unknown
}

/**
 * Keeps a render error inside the part of the window that threw. React unmounts the whole root on an
 * uncaught render error; only a class component with getDerivedStateFromError can stop that.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false, resetKey: this.props.resetKey }

  static getDerivedStateFromError(): Partial<ErrorBoundaryState> {
    return { failed: true }
  }

  static getDerivedStateFromProps(
    props: ErrorBoundaryProps,
    state: ErrorBoundaryState,
  ): Partial<ErrorBoundaryState> | null {
    if (Object.is(props.resetKey, state.resetKey)) return null
    return { failed: false, resetKey: props.resetKey }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onError?.(error, info)
  }

  reset = (): void => {
    this.setState({ failed: false })
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.reset) : this.props.children
  }
}
