import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { renderWithStores } from '../../test/render'
import { AppNotices } from './AppNotices'

afterEach(cleanup)

describe('AppNotices', () => {
  it('shows each start notice until it is dismissed', () => {
    const { stores } = renderWithStores(<AppNotices />)
    expect(screen.queryByTestId('app-notice')).toBeNull()
    act(() =>
      stores.conversations.setState({
        notices: [
          {
            kind: 'restored-from-backup',
            message: 'Your history file was damaged; Hearth restored the latest backup.',
            damagedFile: '/data/history.sqlite.damaged',
            backupFile: '/data/backups/history-1.sqlite',
          },
        ],
      }),
    )
    const notice = screen.getByTestId('app-notice')
    expect(notice.textContent).toContain('restored the latest backup')
    expect(notice.textContent).toContain('/data/history.sqlite.damaged')
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss notice' }))
    expect(screen.queryByTestId('app-notice')).toBeNull()
  })
})
