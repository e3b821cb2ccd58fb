import { useState } from 'react'
import { Button } from './Button'
import { LabelledInput } from './LabelledInput'

/**
 * One whole-number setting in a settings row: its field, limited to `range` (both ends included),
 * and a button (Save unless `buttonText` says otherwise). A value in range goes to `onSave`; anything else (a fraction, out of range) to
 * `onInvalid`, so the section can say what it takes.
 */
export function WholeNumberForm(props: {
  id: string
  label: string
  range: readonly [min: number, max: number]
  initial: number
  buttonText?: string
  onSave: (value: number) => void
  onInvalid: () => void
}) {
  const [text, setText] = useState(String(props.initial))
  const [min, max] = props.range
  return (
    <form
      className="settings-row"
      onSubmit={(event) => {
        event.preventDefault()
        const value = Number(text)
        if (Number.isInteger(value) && value >= min && value <= max) props.onSave(value)
        else props.onInvalid()
      }}
    >
      <LabelledInput
        id={props.id}
        label={props.label}
        type="number"
        min={min}
        max={max}
        value={text}
        onChange={setText}
      />
      <Button type="submit">{props.buttonText ?? 'Save'}</Button>
    </form>
  )
}
