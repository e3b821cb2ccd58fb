import { useState, type SubmitEvent } from 'react'
import { Button } from '../../ui/Button'

/** One labelled text field and a button: a path or a source to hand to main. */
export function SingleFieldForm(props: {
  id: string
  label: string
  placeholder: string
  buttonText: string
  inputTestId: string
  buttonTestId: string
  busy?: boolean
  /** Resolves true when the value was taken (the field then clears). */
  onSubmit: (value: string) => Promise<boolean>
}) {
  const [value, setValue] = useState('')
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const trimmed = value.trim()
    if (trimmed !== '') void props.onSubmit(trimmed).then((taken) => taken && setValue(''))
  }
  return (
    <form onSubmit={submit}>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="composer-row">
        <input
          id={props.id}
          data-testid={props.inputTestId}
          type="text"
          spellCheck={false}
          placeholder={props.placeholder}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <Button
          type="submit"
          data-testid={props.buttonTestId}
          disabled={props.busy === true || value.trim() === ''}
        >
          {props.buttonText}
        </Button>
      </div>
    </form>
  )
}
