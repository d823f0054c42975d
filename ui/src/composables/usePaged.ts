// A table's rows shown a page at a time on the client. Lists that reach hundreds of rows at five
// years of data (a person's assignments, a community's publishable articles) stalled the window
// for seconds when every row rendered its tags and pickers at once.
import { computed, ref, watch, type Ref } from 'vue'

const PAGE_SIZE = 20

export function usePaged<T>(rows: Ref<readonly T[]>, pageSize = PAGE_SIZE) {
  const page = ref(1)
  const total = computed(() => rows.value.length)
  const pageRows = computed(() => rows.value.slice((page.value - 1) * pageSize, page.value * pageSize))
  // New rows (a reload, a filter) keep the page when it still exists, else show the last one.
  watch(total, (n) => {
    page.value = Math.min(page.value, Math.max(1, Math.ceil(n / pageSize)))
  })
  return { page, total, pageRows, pageSize }
}
