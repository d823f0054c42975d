// Which screen the app shows, decided from what the core said at start-up. Kept pure so the
// whole first-run matrix is tested without a window.
import type { CoreError, FirstRun, SessionInfo } from '../bindings'

export type StartPage = 'database-error' | 'setup' | 'login' | 'home'

export interface StartState {
  /** Why the database is not usable (from appInfo, or a failed first-run check). */
  databaseError: CoreError | null
  firstRun: FirstRun | null
  session: SessionInfo | null
}

export function decideStartPage(state: StartState): StartPage {
  if (state.databaseError) return 'database-error'

  // Signed in as the default administrator (this computer created it, or someone signed in
  // with the one-time password): the only thing it may do is complete setup.
  if (state.session?.is_default_admin) return 'setup'
  if (state.firstRun?.kind === 'setup_required') return 'setup'

  if (state.session) return 'home'
  return 'login'
}

/** The route each start page lives at. */
export const START_ROUTE: Record<StartPage, string> = {
  'database-error': 'database-error',
  setup: 'setup',
  login: 'login',
  home: 'overview',
}
