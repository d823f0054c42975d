// Pages that need a current community show one shared empty state and no error toast: a
// superuser with no community creates one right there; with communities, the top bar is named.
// Charts with nothing to draw say so; an empty content list without filters offers create/import.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'
import { i18n } from '../i18n'
import { useSessionStore } from '../stores/session'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const { default: NoCommunity } = await import('./NoCommunity.vue')
const { default: MeetingCalendarPage } = await import('../pages/governance/MeetingCalendarPage.vue')
const { default: ContentListPage } = await import('../pages/content/ContentListPage.vue')
const { default: EChart } = await import('./charts/EChart.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
const page = defineComponent({ render: () => h('div') })
const community = { id: 1, name: 'C', slug: 'c', role: 'admin', timezone: 'UTC' }

function plugins(communities: unknown[], current: number | null, superuser = true) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().$patch({
    session: { user: { is_superuser: superuser }, communities, current_community_id: current } as never,
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', name: 'any', component: page }] })
  for (const name of ['meeting', 'content-new', 'content-edit']) router.addRoute({ path: `/${name}/:id?`, name, component: page })
  return [pinia, router, i18n, ElementPlus]
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  invoke.mockImplementation(async (command: string) => {
    throw new Error(`unexpected command ${command}`)
  })
  i18n.global.locale.value = 'zh-CN'
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} })
})

describe('no current community', () => {
  it('lets a superuser create the first community right there', async () => {
    mount(NoCommunity, { global: { plugins: plugins([], null) }, attachTo: document.body })
    expect(document.body.textContent).toContain('还没有社区')
    byId('no-community-create')!.click()
    await flushPromises()
    expect(document.querySelector('.el-dialog')).not.toBeNull()
  })

  it('points to the top bar when communities exist', () => {
    mount(NoCommunity, { global: { plugins: plugins([community], null) }, attachTo: document.body })
    expect(document.body.textContent).toContain('请在顶部选择一个社区')
    expect(byId('no-community-create')).toBeNull()
  })

  it('meeting calendar calls nothing and toasts nothing without a community', async () => {
    mount(MeetingCalendarPage, { global: { plugins: plugins([], null) }, attachTo: document.body })
    await flushPromises()
    expect(invoke).not.toHaveBeenCalled()
    expect(document.querySelector('.el-message--error')).toBeNull()
    expect(document.body.textContent).not.toContain('（）')
    expect(byId('no-community-create')).not.toBeNull()
  })
})

describe('empty data', () => {
  it('writes "no data yet" over an empty chart', () => {
    mount(EChart, { props: { option: {}, empty: true }, global: { plugins: [i18n] }, attachTo: document.body })
    expect(byId('chart-no-data')?.textContent).toBe('暂无数据')
  })

  it('offers create and import when there is no content and no filter', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_contents') return { items: [], total: 0 }
      if (command === 'list_members') return []
      throw new Error(`unexpected command ${command}`)
    })
    mount(ContentListPage, { global: { plugins: plugins([community], 1) }, attachTo: document.body })
    await flushPromises()
    expect(byId('content-empty')?.textContent).toContain('还没有内容')
    expect(byId('content-empty-new')).not.toBeNull()
    expect(byId('content-empty-import')).not.toBeNull()
    expect(byId('content-empty-filtered')).toBeNull()
  })
})
