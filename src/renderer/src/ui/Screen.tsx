import type { ReactNode } from 'react'
import { Button } from './Button'

/**
 * A full screen over the chat (Models, Settings): its title, "Back to the chat", then its content.
 * `name` makes its classes and test ids (`models-screen`, `models-close`…).
 */
export function Screen(props: {
  name: string
  title: string
  onClose: () => void
  children: ReactNode
}) {
  const { name } = props
  return (
    <section
      className={`${name}-screen`}
      data-testid={`${name}-screen`}
      aria-labelledby={`${name}-title`}
    >
      <div className="screen-head">
        <h1 id={`${name}-title`}>{props.title}</h1>
        <Button data-testid={`${name}-close`} onClick={props.onClose}>
          Back to the chat
        </Button>
      </div>
      {props.children}
    </section>
  )
}
