// vue-i18n set-up: Chinese by default, English on request; Element Plus follows along.
import { createI18n } from 'vue-i18n'
import elEn from 'element-plus/es/locale/lang/en'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import en from './en'
import zhCN from './zh-CN'
import governanceEn from './governance.en'
import governanceZhCN from './governance.zh-CN'
import safetyEn from './safety.en'
import safetyZhCN from './safety.zh-CN'
import contentEn from './content.en'
import contentZhCN from './content.zh-CN'
import dashboardsEn from './dashboards.en'
import dashboardsZhCN from './dashboards.zh-CN'
import publishingEn from './publishing.en'
import publishingZhCN from './publishing.zh-CN'
import remindersEn from './reminders.en'
import remindersZhCN from './reminders.zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: 'en',
  messages: {
    'zh-CN': { ...zhCN, ...governanceZhCN, safety: safetyZhCN, content: contentZhCN, publishing: publishingZhCN, reminders: remindersZhCN },
    en: { ...en, ...governanceEn, safety: safetyEn, content: contentEn, publishing: publishingEn, reminders: remindersEn },
  },
})
// Each feature's strings live in their own files, under the feature's name (merged into
// copies, so the base message modules stay as written).
i18n.global.mergeLocaleMessage('zh-CN', { dashboards: dashboardsZhCN })
i18n.global.mergeLocaleMessage('en', { dashboards: dashboardsEn })

/** Any stored or reported language name, reduced to one the UI speaks. */
export function normalizeLocale(value: string | null | undefined): AppLocale {
  if (!value) return DEFAULT_LOCALE
  return value.toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}

export function otherLocale(locale: string): AppLocale {
  return normalizeLocale(locale) === 'zh-CN' ? 'en' : 'zh-CN'
}

/** Switches the UI immediately (strings, Element Plus, <html lang>). */
export function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}

export function elementLocale(locale: string) {
  return normalizeLocale(locale) === 'en' ? elEn : elZhCn
}
