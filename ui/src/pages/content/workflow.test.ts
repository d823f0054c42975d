// The review steps: "Mark as published" only changes the status, so it asks first and sends the
// change only when confirmed; "Publish to channels…" opens the publish page for this content.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'
import { i18n } from '../../i18n'
import type { ContentView } from '../../bindings'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const { default: WorkflowButtons } = await import('./WorkflowButtons.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null
const page = defineComponent({ render: () => h('div') })

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'overview', component: page },
      { path: '/publish/:contentId(\\d+)', name: 'publish', component: page },
    ],
  })
}

// What the core answers for a draft: to its admin, and to an editor who is not an admin.
const draft = {
  id: 7,
  status: 'draft',
  can_edit: true,
  next_statuses: ['reviewing', 'published'],
  can_publish: true,
} as unknown as ContentView
const editorsDraft = { ...draft, next_statuses: ['reviewing'], can_publish: false } as unknown as ContentView

beforeEach(() => {
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

describe('workflow buttons', () => {
  it('asks before marking as published and sends nothing when cancelled', async () => {
    const wrapper = mount(WorkflowButtons, {
      props: { view: draft },
      global: { plugins: [router(), i18n, ElementPlus] },
      attachTo: document.body,
    })
    expect(byId('content-publish')?.textContent).toContain('标记为已发布')

    byId('content-publish')!.click()
    await flushPromises()
    expect(document.querySelector('.el-message-box')?.textContent).toContain('不会向任何渠道发送')
    ;(document.querySelector('.el-message-box__headerbtn') as HTMLElement).click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    expect(wrapper.emitted('change')).toBeUndefined()

    byId('content-publish')!.click()
    await flushPromises()
    const boxes = document.querySelectorAll('.el-message-box')
    ;(boxes[boxes.length - 1].querySelector('.el-button--primary') as HTMLElement).click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    expect(wrapper.emitted('change')).toEqual([['published']])
  })

  it('opens the publish page for this content', async () => {
    const r = router()
    mount(WorkflowButtons, {
      props: { view: draft },
      global: { plugins: [r, i18n, ElementPlus] },
      attachTo: document.body,
    })
    expect(byId('content-publish-channels')?.textContent).toContain('发布到渠道…')
    byId('content-publish-channels')!.click()
    await flushPromises()
    expect(r.currentRoute.value.fullPath).toBe('/publish/7')
  })

  it('offers no publishing to an editor of a draft', () => {
    mount(WorkflowButtons, {
      props: { view: editorsDraft },
      global: { plugins: [router(), i18n, ElementPlus] },
      attachTo: document.body,
    })
    expect(byId('content-publish')).toBeNull()
    expect(byId('content-publish-channels')).toBeNull()
    expect(byId('content-submit')).not.toBeNull()
  })
})
