import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { usePaged } from './usePaged'

describe('usePaged', () => {
  it('shows one page of rows and follows the page number', () => {
    const rows = ref(Array.from({ length: 45 }, (_, i) => i))
    const { page, total, pageRows } = usePaged(rows, 20)
    expect(total.value).toBe(45)
    expect(pageRows.value).toEqual(rows.value.slice(0, 20))
    page.value = 3
    expect(pageRows.value).toEqual([40, 41, 42, 43, 44])
  })

  it('moves back to the last page when the rows shrink under it', async () => {
    const rows = ref(Array.from({ length: 45 }, (_, i) => i))
    const { page, pageRows } = usePaged(rows, 20)
    page.value = 3
    rows.value = rows.value.slice(0, 25)
    await nextTick()
    expect(page.value).toBe(2)
    expect(pageRows.value).toEqual([20, 21, 22, 23, 24])
    rows.value = []
    await nextTick()
    expect(page.value).toBe(1)
    expect(pageRows.value).toEqual([])
  })
})
