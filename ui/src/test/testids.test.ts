// The end-to-end test finds elements by data-testid. Element Plus decides where a component's
// attributes land, so this checks they reach the native elements the test types into and clicks.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'

import { i18n } from '../i18n'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: LoginPage } = await import('../pages/login/LoginPage.vue')
const { default: AddMemberDialog } = await import('../pages/members/AddMemberDialog.vue')
const { default: CommunityDialog } = await import('../components/CommunityDialog.vue')

function plugins() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:any(.*)*', name: 'any', component: defineComponent({ render: () => h('div') }) }],
  })
  router.addRoute({ path: '/db', name: 'database', component: { render: () => h('div') } })
  router.addRoute({ path: '/forgot', name: 'forgot-password', component: { render: () => h('div') } })
  return [pinia, router, i18n, ElementPlus]
}

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('data-testid placement', () => {
  it('puts the login ids on the inputs and shows the error text in the current language', async () => {
    invoke.mockRejectedValue({
      code: 'invalid_credentials',
      message: 'The username or password is wrong.',
      message_zh: '用户名或密码错误。',
      field: null,
    })
    const wrapper = mount(LoginPage, { global: { plugins: plugins() }, attachTo: document.body })
    expect(byId('login-username')?.tagName).toBe('INPUT')
    expect(byId('login-password')?.tagName).toBe('INPUT')
    expect(byId('login-submit')?.tagName).toBe('BUTTON')
    expect(byId('login-forgot-link')?.getAttribute('href')).toContain('/forgot')

    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(byId('login-error')?.textContent).toBe('用户名或密码错误。')

    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(byId('login-error')?.textContent).toBe('The username or password is wrong.')
    wrapper.unmount()
  })

  it('puts select ids on the select root and option ids on the options', async () => {
    invoke.mockResolvedValue([
      {
        id: 3,
        username: 'alice',
        email: 'alice@example.org',
        full_name: 'Alice Zhang',
        is_active: true,
        is_superuser: false,
        created_at: '2026-01-01T00:00:00Z',
      },
    ])
    const wrapper = mount(AddMemberDialog, {
      props: { modelValue: false, communityName: 'Open Euler' },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('search_users', { query: '' })

    const select = byId('member-user-select')
    expect(select?.classList.contains('el-select')).toBe(true)
    expect(select?.querySelector('input')).not.toBeNull()
    expect(byId('member-role-select')?.classList.contains('el-select')).toBe(true)
    expect(byId('member-save')?.tagName).toBe('BUTTON')

    // Options render once the dropdown has been opened.
    ;(select?.querySelector('.el-select__wrapper') as HTMLElement).click()
    ;(byId('member-role-select')?.querySelector('.el-select__wrapper') as HTMLElement).click()
    await flushPromises()
    expect(byId('member-option-alice')?.tagName).toBe('LI')
    expect(byId('role-option-admin')?.tagName).toBe('LI')
    expect(byId('role-option-user')?.tagName).toBe('LI')
    wrapper.unmount()
  })

  it('locks the slug when a community is edited and shows field errors next to the field', async () => {
    invoke.mockRejectedValue({
      code: 'validation',
      message: 'Use 1 to 100 lower-case letters, digits or hyphens.',
      message_zh: '只能使用 1 到 100 个小写字母、数字或连字符。',
      field: 'slug',
    })
    const wrapper = mount(CommunityDialog, {
      props: { modelValue: false, community: null },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const slug = byId('community-slug') as HTMLInputElement
    expect(slug.tagName).toBe('INPUT')
    expect(slug.disabled).toBe(false)
    expect(byId('community-timezone')?.classList.contains('el-select')).toBe(true)
    expect(byId('community-timezone')?.textContent).toContain('Asia/Shanghai')

    ;(byId('community-save') as HTMLElement).click()
    await flushPromises()
    const item = slug.closest('.el-form-item')
    expect(invoke).toHaveBeenCalledWith('create_community', expect.anything())
    expect(item?.classList.contains('is-error')).toBe(true)
    const slugItem = wrapper
      .findAllComponents({ name: 'ElFormItem' })
      .find((c) => c.element === item)
    expect(slugItem?.props('error')).toContain('小写字母')
    const others = document.querySelectorAll('.el-form-item.is-error')
    expect(others.length).toBe(1)

    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({
      community: {
        id: 1,
        name: 'Open Euler',
        slug: 'openeuler',
        description: '',
        url: null,
        logo_url: null,
        timezone: 'UTC',
        language: 'en',
        is_active: true,
        member_count: 1,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      },
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect((byId('community-slug') as HTMLInputElement).disabled).toBe(true)
    expect((byId('community-slug') as HTMLInputElement).value).toBe('openeuler')
    wrapper.unmount()
  }, 15_000) // Renders the whole time zone list: slow on a busy machine.
})
