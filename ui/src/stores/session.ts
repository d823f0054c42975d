// The signed-in session and what the app learnt at start-up. The core owns the session; this
// store only mirrors the last SessionInfo it returned, so every change goes through a command.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  commands,
  type AppInfo_Serialize,
  type CoreError,
  type DatabaseTarget,
  type FirstRun_Serialize,
  type LoginInput,
  type SessionInfo_Serialize,
  type SetupInput,
} from '../bindings'
import { call, CommandFailure } from '../api/errors'
import { applyLocale, i18n, normalizeLocale, type AppLocale } from '../i18n'
import { decideStartPage, START_ROUTE } from '../boot/startPage'

export const useSessionStore = defineStore('session', () => {
  const appInfo = ref<AppInfo_Serialize | null>(null)
  const firstRun = ref<FirstRun_Serialize | null>(null)
  const session = ref<SessionInfo_Serialize | null>(null)
  const databaseError = ref<CoreError | null>(null)
  const booted = ref(false)

  const user = computed(() => session.value?.user ?? null)
  const isSuperuser = computed(() => session.value?.user.is_superuser ?? false)
  const communities = computed(() => session.value?.communities ?? [])
  const currentCommunity = computed(
    () => communities.value.find((c) => c.id === session.value?.current_community_id) ?? null,
  )
  /** May manage the current community's members and settings (the core checks again). */
  const canManageCommunity = computed(
    () => isSuperuser.value || currentCommunity.value?.role === 'admin',
  )
  const startPage = computed(() =>
    decideStartPage({
      databaseError: databaseError.value,
      firstRun: firstRun.value,
      session: session.value,
    }),
  )
  const startRoute = computed(() => START_ROUTE[startPage.value])

  /**
   * Asks the core what to show: language, database health, first run, current session.
   * `knownFirstRun` is what a database switch already answered: asking again would lose the
   * one-time password, which the core hands out only once.
   */
  async function boot(knownFirstRun?: FirstRun_Serialize): Promise<void> {
    databaseError.value = null
    firstRun.value = null
    session.value = null
    try {
      appInfo.value = await call(commands.appInfo())
      applyLocale(normalizeLocale(appInfo.value.language))
      if (appInfo.value.database_error) {
        databaseError.value = appInfo.value.database_error
        return
      }
      firstRun.value = knownFirstRun ?? (await call(commands.firstRun()))
      session.value = await call(commands.currentSession())
    } catch (failure) {
      databaseError.value = asCoreError(failure)
    } finally {
      booted.value = true
    }
  }

  async function login(input: LoginInput): Promise<void> {
    session.value = await call(commands.login(input))
  }

  async function completeSetup(input: SetupInput): Promise<void> {
    session.value = await call(commands.completeSetup(input))
    firstRun.value = { kind: 'ready' }
  }

  async function logout(): Promise<void> {
    await call(commands.logout())
    session.value = null
    // A sign-out from the default administrator leaves the database still awaiting setup.
    firstRun.value = await call(commands.firstRun()).catch(() => firstRun.value)
  }

  async function refreshSession(): Promise<void> {
    session.value = await call(commands.currentSession())
  }

  async function switchCommunity(communityId: number): Promise<void> {
    session.value = await call(commands.switchCommunity(communityId))
  }

  /** Makes the chosen database the app's one, then starts over from its first-run state. */
  async function switchDatabase(target: DatabaseTarget): Promise<void> {
    const run = await call(commands.switchDatabase(target))
    await boot(run)
  }

  /** Switches the UI at once, then remembers the choice on this computer. */
  async function setLanguage(locale: AppLocale): Promise<void> {
    applyLocale(locale)
    if (appInfo.value) appInfo.value = { ...appInfo.value, language: locale }
    await call(commands.setLanguage(locale))
  }

  return {
    appInfo,
    firstRun,
    session,
    databaseError,
    booted,
    user,
    isSuperuser,
    communities,
    currentCommunity,
    canManageCommunity,
    startPage,
    startRoute,
    boot,
    login,
    completeSetup,
    logout,
    refreshSession,
    switchCommunity,
    switchDatabase,
    setLanguage,
  }
})

function asCoreError(failure: unknown): CoreError {
  if (failure instanceof CommandFailure && failure.error) return failure.error
  const t = i18n.global.t
  return {
    code: 'internal',
    message: t('database.noCore', {}, { locale: 'en' }),
    message_zh: t('database.noCore', {}, { locale: 'zh-CN' }),
    field: null,
  }
}
