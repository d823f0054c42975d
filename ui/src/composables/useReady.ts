// The E2E tests and the start-up benchmark wait for `body[data-ready="true"]`: set once the
// first page has rendered with its data.
import { nextTick } from 'vue'

export async function markReady(): Promise<void> {
  await nextTick()
  document.body.dataset.ready = 'true'
}
