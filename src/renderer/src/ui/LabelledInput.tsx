import type { InputHTMLAttributes, ReactNode } from 'react'

type LabelledInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> & {
  /** The input's id, also its test id. */
  id: string
  label: ReactNode
  /** Called with the text as typed. */
  onChange: (value: string) => void
}

/** A label and then its input (the form around them lays them out). */
export function LabelledInput({ id, label, onChange, ...props }: LabelledInputProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        onChange={(event) => onChange(event.target.value)}
        {...props}
      />
    </>
  )
}
