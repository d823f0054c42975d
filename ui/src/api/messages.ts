// Showing a failed command to the person: a toast in the current language, or the text.
import { ElMessage } from 'element-plus'
import { i18n } from '../i18n'
import { CommandFailure, errorMessage } from './errors'

/** The text to show for anything a command call threw. */
export function failureText(failure: unknown): string {
  const locale = i18n.global.locale.value
  if (failure instanceof CommandFailure && failure.error) {
    return errorMessage(failure.error, locale)
  }
  return i18n.global.t('common.unexpectedError')
}

export function toastFailure(failure: unknown): void {
  ElMessage({ type: 'error', message: failureText(failure), showClose: true, duration: 5000 })
}

export function toastSuccess(message: string): void {
  ElMessage({ type: 'success', message, duration: 2500 })
}
