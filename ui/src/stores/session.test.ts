import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { AppInfo_Serialize, SessionInfo_Serialize } from '../bindings'
import { i18n } from '../i18n'

// The generated bindings call Tauri's invoke; the fake core below answers instead.
const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { useSessionStore } = await import('./session')

const appInfo: AppInfo_Serialize = {
  version: '0.1.0',
  language: 'en',
  database: { kind: 'sqlite' },
  database_error: null,
  data_dir: '/tmp/gecko',
}

const root: SessionInfo_Serialize = {
  user: {
    id: 2,
    username: 'root',
    email: 'root@example.org',
    full_name: 'Root Admin',
    is_active: true,
    is_superuser: true,
    created_at: '2026-01-01T00:00:00Z',
  },
  is_default_admin: false,
  communities: [
    { id: 10, name: 'Open Euler', slug: 'openeuler', role: 'admin', timezone: 'Asia/Shanghai' },
    { id: 11, name: 'Volcano', slug: 'volcano', role: 'user', timezone: 'UTC' },
  ],
  current_community_id: 10,
  backend: 'sqlite',
}

/** A fake core: each command name maps to a value, or to a thrown CoreError. */
function answer(replies: Record<string, unknown>) {
  invoke.mockImplementation(async (command: string) => {
    if (!(command in replies)) throw new Error(`unexpected command ${command}`)
    const reply = replies[command]
    if (reply instanceof Rejection) throw reply.error
    return typeof reply === 'function' ? reply() : reply
  })
}
class Rejection {
  constructor(readonly error: unknown) {}
}

beforeEach(() => {
  setActivePinia(createPinia())
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('boot', () => {
  it('stops at the database error and does not ask for the first run', async () => {
    const error = { code: 'unavailable', message: 'down', message_zh: '不可用', field: null }
    answer({ app_info: { ...appInfo, database_error: error } })
    const store = useSessionStore()
    await store.boot()
    expect(store.startPage).toBe('database-error')
    expect(store.databaseError).toEqual(error)
    expect(invoke).not.toHaveBeenCalledWith('first_run')
  })

  it('applies the saved language', async () => {
    answer({ app_info: appInfo, first_run: { kind: 'ready' }, current_session: null })
    await useSessionStore().boot()
    expect(i18n.global.locale.value).toBe('en')
  })

  it('goes to setup on a new database', async () => {
    answer({
      app_info: appInfo,
      first_run: { kind: 'setup_required', username: 'admin', one_time_password: 'Xy7Q' },
      current_session: { ...root, is_default_admin: true },
    })
    const store = useSessionStore()
    await store.boot()
    expect(store.startPage).toBe('setup')
    expect(store.startRoute).toBe('setup')
  })

  it('goes to sign-in without a session and to the overview with one', async () => {
    answer({ app_info: appInfo, first_run: { kind: 'ready' }, current_session: null })
    const store = useSessionStore()
    await store.boot()
    expect(store.startRoute).toBe('login')

    answer({ app_info: appInfo, first_run: { kind: 'ready' }, current_session: root })
    await store.boot()
    expect(store.startRoute).toBe('overview')
    expect(store.currentCommunity?.slug).toBe('openeuler')
    expect(store.canManageCommunity).toBe(true)
  })

  it('treats a failing first-run check as a database error', async () => {
    const error = { code: 'unavailable', message: 'down', message_zh: '不可用', field: null }
    answer({ app_info: appInfo, first_run: new Rejection(error) })
    const store = useSessionStore()
    await store.boot()
    expect(store.startPage).toBe('database-error')
    expect(store.databaseError?.code).toBe('unavailable')
  })

  it('reports a missing core as a database error in both languages', async () => {
    invoke.mockRejectedValue(new Error('window.__TAURI_INTERNALS__ is undefined'))
    const store = useSessionStore()
    await store.boot()
    expect(store.startPage).toBe('database-error')
    expect(store.databaseError?.message).toMatch(/core/)
    expect(store.databaseError?.message_zh).toMatch(/核心/)
  })
})

describe('switchDatabase', () => {
  it('keeps the one-time password the switch returned instead of asking again', async () => {
    answer({
      switch_database: { kind: 'setup_required', username: 'admin', one_time_password: 'Xy7Q-once' },
      app_info: { ...appInfo, database: { kind: 'postgres', url: 'postgres://gecko@db/gecko' } },
      first_run: { kind: 'setup_required', username: 'admin', one_time_password: null },
      current_session: { ...root, is_default_admin: true },
    })
    const store = useSessionStore()
    await store.switchDatabase({ kind: 'postgres', url: 'postgres://gecko:pw@db/gecko' })
    expect(invoke).toHaveBeenCalledWith('switch_database', {
      target: { kind: 'postgres', url: 'postgres://gecko:pw@db/gecko' },
    })
    expect(invoke).not.toHaveBeenCalledWith('first_run')
    expect(store.firstRun).toEqual({
      kind: 'setup_required',
      username: 'admin',
      one_time_password: 'Xy7Q-once',
    })
    expect(store.startRoute).toBe('setup')
  })

  it('leaves everything as it was when the switch fails', async () => {
    const error = { code: 'unavailable', message: 'down', message_zh: '不可用', field: null }
    answer({ login: root, switch_database: new Rejection(error) })
    const store = useSessionStore()
    await store.login({ login: 'root', password: 'secret secret' })
    await expect(store.switchDatabase({ kind: 'postgres', url: 'postgres://x' })).rejects.toMatchObject({ error })
    expect(store.session?.user.username).toBe('root')
    expect(store.startPage).toBe('home')
  })
})

describe('session actions', () => {
  it('login keeps the session the core returned', async () => {
    answer({ login: root })
    const store = useSessionStore()
    await store.login({ login: 'root', password: 'secret secret' })
    expect(invoke).toHaveBeenCalledWith('login', { input: { login: 'root', password: 'secret secret' } })
    expect(store.user?.username).toBe('root')
    expect(store.startPage).toBe('home')
  })

  it('a failed login throws and leaves no session', async () => {
    const error = { code: 'invalid_credentials', message: 'Wrong', message_zh: '错误', field: null }
    answer({ login: new Rejection(error) })
    const store = useSessionStore()
    await expect(store.login({ login: 'root', password: 'x' })).rejects.toMatchObject({ error })
    expect(store.session).toBeNull()
  })

  it('completing setup leaves the setup screen behind', async () => {
    answer({
      app_info: appInfo,
      first_run: { kind: 'setup_required', username: 'admin', one_time_password: null },
      current_session: { ...root, is_default_admin: true },
      complete_setup: root,
    })
    const store = useSessionStore()
    await store.boot()
    await store.completeSetup({ username: 'root', email: 'root@example.org', full_name: 'Root', password: 'pw pw pw pw' })
    expect(store.startPage).toBe('home')
  })

  it('logout clears the session and goes back to sign-in', async () => {
    answer({ login: root, logout: null, first_run: { kind: 'ready' } })
    const store = useSessionStore()
    await store.login({ login: 'root', password: 'secret secret' })
    await store.logout()
    expect(store.session).toBeNull()
    expect(store.startRoute).toBe('login')
  })

  it('switching community sends the id and follows the returned session', async () => {
    answer({ login: root, switch_community: { ...root, current_community_id: 11 } })
    const store = useSessionStore()
    await store.login({ login: 'root', password: 'secret secret' })
    await store.switchCommunity(11)
    expect(invoke).toHaveBeenCalledWith('switch_community', { communityId: 11 })
    expect(store.currentCommunity?.slug).toBe('volcano')
  })

  it('a plain member of the current community may not manage it', async () => {
    const alice = {
      ...root,
      user: { ...root.user, username: 'alice', is_superuser: false },
      current_community_id: 11,
    }
    answer({ login: alice })
    const store = useSessionStore()
    await store.login({ login: 'alice', password: 'secret secret' })
    expect(store.isSuperuser).toBe(false)
    expect(store.canManageCommunity).toBe(false)
  })

  it('setLanguage switches the UI at once and saves the choice', async () => {
    let saved: unknown = null
    invoke.mockImplementation(async (command: string, args: { language: string }) => {
      expect(command).toBe('set_language')
      // The UI has already switched when the core is asked to remember.
      expect(i18n.global.locale.value).toBe('en')
      saved = args.language
      return null
    })
    await useSessionStore().setLanguage('en')
    expect(saved).toBe('en')
    expect(document.documentElement.lang).toBe('en')
  })
})
