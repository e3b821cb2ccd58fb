import type { ButtonHTMLAttributes } from 'react'

/** The app's button looks: the plain button, the one main action, a text link, a lone symbol. */
const VARIANT_CLASS = {
  default: 'button',
  primary: 'button button-primary',
  link: 'link-button',
  icon: 'icon-button',
} as const

type ButtonVariant = keyof typeof VARIANT_CLASS

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }

/**
 * A button in one of the app's looks; `className` adds to the look's classes. `type` is "button"
 * unless given: a button inside a form submits it only when it says so (`type="submit"`).
 */
export function Button({ variant = 'default', className, type = 'button', ...props }: ButtonProps) {
  const classes = className ? `${VARIANT_CLASS[variant]} ${className}` : VARIANT_CLASS[variant]
  return <button type={type} className={classes} {...props} />
}
