// After the database was replaced under the app (restore, undo, move to a team server):
// everyone is signed out, so the start-up flow runs again and lands on sign-in.
import { useRouter } from 'vue-router'
import { toastSuccess } from '../api/messages'
import { useSessionStore } from '../stores/session'

export function useStartOver(): (message: string) => Promise<void> {
  const router = useRouter()
  const store = useSessionStore()
  return async (message: string) => {
    await store.boot()
    await router.replace({ name: store.startRoute })
    toastSuccess(message)
  }
}
