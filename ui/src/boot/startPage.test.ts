import { describe, expect, it } from 'vitest'
import type { CoreError, SessionInfo } from '../bindings'
import { decideStartPage, START_ROUTE } from './startPage'

const dbDown: CoreError = {
  code: 'unavailable',
  message: 'The database server cannot be reached.',
  message_zh: '无法连接数据库服务器。',
  field: null,
}

function session(isDefaultAdmin = false): SessionInfo {
  return {
    user: {
      id: 1,
      username: isDefaultAdmin ? 'admin' : 'root',
      email: 'root@example.org',
      full_name: 'Root',
      is_active: true,
      is_superuser: true,
      created_at: '2026-01-01T00:00:00Z',
    },
    is_default_admin: isDefaultAdmin,
    communities: [],
    current_community_id: null,
    backend: 'sqlite',
  }
}

describe('decideStartPage', () => {
  it('shows the database error before anything else', () => {
    expect(
      decideStartPage({ databaseError: dbDown, firstRun: { kind: 'ready' }, session: session() }),
    ).toBe('database-error')
  })

  it('sends a new local database straight to setup', () => {
    const firstRun = { kind: 'setup_required' as const, username: 'admin', one_time_password: null }
    expect(decideStartPage({ databaseError: null, firstRun, session: session(true) })).toBe('setup')
  })

  it('shows sign-in while another computer holds the one-time password', () => {
    const firstRun = { kind: 'awaiting_setup' as const, username: 'admin' }
    expect(decideStartPage({ databaseError: null, firstRun, session: null })).toBe('login')
  })

  it('goes to setup after signing in as the default administrator', () => {
    const firstRun = { kind: 'awaiting_setup' as const, username: 'admin' }
    expect(decideStartPage({ databaseError: null, firstRun, session: session(true) })).toBe('setup')
  })

  it('shows sign-in on a ready database without a session', () => {
    expect(decideStartPage({ databaseError: null, firstRun: { kind: 'ready' }, session: null })).toBe(
      'login',
    )
  })

  it('opens the app for a signed-in user', () => {
    expect(
      decideStartPage({ databaseError: null, firstRun: { kind: 'ready' }, session: session() }),
    ).toBe('home')
    expect(START_ROUTE.home).toBe('overview')
  })
})
