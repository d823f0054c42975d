// The governance dialogs: the CSV preview shows each bad row (line and reason, in the UI
// language) and never lets an import run on a file with errors; the meeting form sends the
// start as typed (community wall-clock time) and the ids the E2E test needs are in place.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '../../i18n'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const { default: MemberImportDialog } = await import('./MemberImportDialog.vue')
const { default: MeetingDialog } = await import('./MeetingDialog.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)

function plugins() {
  setActivePinia(createPinia())
  return [i18n, ElementPlus]
}

async function typeInto(id: string, text: string) {
  const input = byId(id) as HTMLInputElement
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('member CSV import', () => {
  it('lists every bad row with its line and keeps the import disabled', async () => {
    invoke.mockResolvedValue({
      rows_ok: 1,
      errors: [
        { line: 3, reason: 'The name is empty.', reason_zh: '姓名为空。' },
        { line: 4, reason: 'x is already on the committee.', reason_zh: 'x 已是该委员会成员。' },
      ],
    })
    const wrapper = mount(MemberImportDialog, {
      props: { modelValue: false, committeeId: 7 },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    await typeInto('import-path', '/tmp/members.csv')
    ;(byId('import-check') as HTMLButtonElement).click()
    await flushPromises()

    expect(invoke).toHaveBeenCalledWith('preview_committee_member_import', { committeeId: 7, path: '/tmp/members.csv' })
    expect(byId('import-error-3')?.textContent).toBe('姓名为空。')
    expect(byId('import-error-4')?.textContent).toContain('已是该委员会成员')
    expect((byId('import-run') as HTMLButtonElement).disabled).toBe(true)

    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(byId('import-error-3')?.textContent).toBe('The name is empty.')
    expect(invoke).not.toHaveBeenCalledWith('import_committee_members', expect.anything())
    wrapper.unmount()
  })

  it('imports only the file that was checked and found clean', async () => {
    invoke.mockImplementation(async (command: string) =>
      command === 'import_committee_members' ? { imported: 2 } : { rows_ok: 2, errors: [] },
    )
    const wrapper = mount(MemberImportDialog, {
      props: { modelValue: false, committeeId: 7 },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await typeInto('import-path', '/tmp/good.csv')
    ;(byId('import-check') as HTMLButtonElement).click()
    await flushPromises()
    expect((byId('import-run') as HTMLButtonElement).disabled).toBe(false)

    // Another path needs another check.
    await typeInto('import-path', '/tmp/other.csv')
    expect((byId('import-run') as HTMLButtonElement).disabled).toBe(true)
    await typeInto('import-path', '/tmp/good.csv')
    ;(byId('import-check') as HTMLButtonElement).click()
    await flushPromises()
    ;(byId('import-run') as HTMLButtonElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenLastCalledWith('import_committee_members', { committeeId: 7, path: '/tmp/good.csv' })
    expect(wrapper.emitted('imported')).toHaveLength(1)
    wrapper.unmount()
  })
})

describe('meeting form', () => {
  const committee = {
    id: 3,
    name: 'TSC',
    slug: 'tsc',
    description: '',
    is_active: true,
    meeting_frequency: null,
    notification_email: null,
    notification_wechat: null,
    established_on: null,
    active_member_count: 0,
    member_count: 0,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  }

  it('puts the ids on the native inputs and prefills an edit with the community-local start', { timeout: 20_000 }, async () => {
    const wrapper = mount(MeetingDialog, {
      props: {
        modelValue: false,
        committees: [committee],
        meeting: {
          id: 9,
          committee_id: 3,
          committee_name: 'TSC',
          title: 'Q1',
          scheduled_at: '2026-03-10T06:00:00Z',
          scheduled_local: '2026-03-10T14:00:00+08:00',
          ends_at: '2026-03-10T08:00:00Z',
          timezone: 'Asia/Shanghai',
          duration_minutes: 120,
          location_type: 'online',
          location: 'https://x',
          status: 'scheduled',
          work_status: 'planning',
          reminder_before_hours: 24,
          updated_at: '2026-01-01T00:00:00Z',
          description: null,
          agenda: '# A',
          minutes: null,
          attachments: [],
          assignees: [],
          participant_count: 0,
          email_reminders: true,
          created_by_user_id: null,
          created_at: '2026-01-01T00:00:00Z',
        },
      },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(byId('meeting-title')?.tagName).toBe('INPUT')
    expect(byId('meeting-agenda')?.tagName).toBe('TEXTAREA')
    const start = byId('meeting-start')
    const startInput = (start?.tagName === 'INPUT' ? start : start?.querySelector('input')) as HTMLInputElement
    expect(startInput.value).toBe('2026-03-10 14:00')
    expect(byId('meeting-committee')?.classList.contains('el-select')).toBe(true)
    expect(document.body.textContent).toContain('Asia/Shanghai')
    const emailSwitch = byId('meeting-email-reminders')
    expect(emailSwitch?.classList.contains('is-checked')).toBe(true)

    invoke.mockResolvedValue({ title: 'Q1' })
    ;(byId('meeting-save') as HTMLButtonElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith(
      'update_meeting',
      expect.objectContaining({
        id: 9,
        input: expect.objectContaining({ starts_at: '2026-03-10 14:00', committee_id: 3, email_reminders: true }),
      }),
    )

    // Switched off, the edit sends it off (not "unchanged").
    ;(emailSwitch as HTMLElement).click()
    await flushPromises()
    expect(emailSwitch?.classList.contains('is-checked')).toBe(false)
    ;(byId('meeting-save') as HTMLButtonElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenLastCalledWith(
      'update_meeting',
      expect.objectContaining({ id: 9, input: expect.objectContaining({ email_reminders: false }) }),
    )
    wrapper.unmount()
  })
})
