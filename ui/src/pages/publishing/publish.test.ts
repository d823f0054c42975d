// The publish page tells up front when the chosen channel is not set up or is turned off: a
// notice naming the channel and linking to the sidebar's channel settings, and no publish
// button to press. Admins know it from the channel settings; others when the core refuses.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'
import { i18n } from '../../i18n'
import { useSessionStore } from '../../stores/session'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: PublishPage } = await import('./PublishPage.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
const page = defineComponent({ render: () => h('div') })
const notSetUp = { code: 'validation', field: 'channel', message: 'The wechat channel…', message_zh: 'wechat 渠道…' }
const article = { content_id: 5, title: 'Hello', status: 'approved' }

function fakeCore(replies: Record<string, unknown>) {
  invoke.mockImplementation(async (command: string) => {
    if (!(command in replies)) throw new Error(`unexpected command ${command}`)
    const reply = replies[command]
    if (reply instanceof Error || (reply && typeof reply === 'object' && 'code' in reply)) throw reply
    return reply
  })
}

async function open(role: 'admin' | 'user') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const store = useSessionStore()
  const community = { id: 1, name: 'C', slug: 'c', role, timezone: 'UTC' }
  store.$patch({ session: { user: { is_superuser: false }, communities: [community], current_community_id: 1 } })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'publishing', component: page },
      { path: '/channels', name: 'channels', component: page },
    ],
  })
  mount(PublishPage, {
    props: { contentId: 5 },
    global: { plugins: [pinia, router, i18n, ElementPlus], stubs: { PreviewPane: true } },
    attachTo: document.body,
  })
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('publish page, channel not set up', () => {
  it('shows the notice and disables the button before anything is clicked (admin)', async () => {
    fakeCore({
      get_channel_configs: [
        { channel: 'wechat', enabled: false, configured: false, settings: {} },
        { channel: 'hugo', enabled: true, configured: true, settings: {} },
      ],
      list_publish_candidates: [article],
      preview_publish: { channel: 'wechat' },
      list_publish_records: [],
    })
    await open('admin')

    const notice = byId('publish-channel-off')
    expect(notice?.textContent).toContain('微信公众号')
    expect(notice?.textContent).toContain('发布渠道')
    expect(notice?.textContent).not.toContain('设置 → 渠道')
    expect(byId('publish-channel-settings')?.getAttribute('href')).toBe('/channels')
    expect((byId('publish-submit') as HTMLButtonElement).disabled).toBe(true)
    expect(invoke.mock.calls.some(([c]) => c === 'publish_content')).toBe(false)
  })

  it('turns the core refusal into the same notice, without a toast (non-admin)', async () => {
    fakeCore({
      list_publish_candidates: [article],
      preview_publish: { channel: 'wechat' },
      list_publish_records: [],
      publish_content: notSetUp,
    })
    await open('user')
    expect(invoke.mock.calls.some(([c]) => c === 'get_channel_configs')).toBe(false)
    expect(byId('publish-channel-off')).toBeNull()

    byId('publish-submit')!.click()
    await flushPromises()
    expect(byId('publish-channel-off')?.textContent).toContain('微信公众号')
    expect((byId('publish-submit') as HTMLButtonElement).disabled).toBe(true)
    expect(document.querySelector('.el-message--error')).toBeNull()
  })

  it('shows the notice instead of the core text when the preview is refused', async () => {
    i18n.global.locale.value = 'en'
    fakeCore({
      list_publish_candidates: [article],
      preview_publish: notSetUp,
      list_publish_records: [],
    })
    await open('user')
    expect(byId('publish-channel-off')?.textContent).toContain('WeChat')
    expect(byId('publish-channel-off')?.textContent).toContain('Publishing channels')
    expect(byId('preview-error')).toBeNull()
  })
})
