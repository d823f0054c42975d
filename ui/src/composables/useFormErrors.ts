// Validation errors from the core, shown under the form field they name. The CoreError is
// kept (not its text) so the message follows a language switch.
import { shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { CoreError } from '../bindings'
import { CommandFailure, errorMessage, isFieldError } from '../api/errors'

export function useFormErrors(fields: readonly string[]) {
  const { locale } = useI18n()
  const errors = shallowRef<Record<string, CoreError>>({})

  /** The message for one field, or '' (what el-form-item's `error` prop wants). */
  function fieldError(field: string): string {
    const error = errors.value[field]
    return error ? errorMessage(error, locale.value) : ''
  }

  function clear(): void {
    errors.value = {}
  }

  /** Puts a validation error next to its field; false when the failure is not one of ours. */
  function accept(failure: unknown): boolean {
    if (!(failure instanceof CommandFailure) || !failure.error) return false
    const error = failure.error
    if (!isFieldError(error) || !fields.includes(error.field)) return false
    errors.value = { [error.field]: error }
    return true
  }

  /** Sets a message the UI itself found (for example two passwords that differ). */
  function setLocal(field: string, message: string): void {
    errors.value = {
      [field]: { code: 'validation', message, message_zh: message, field },
    }
  }

  return { fieldError, clear, accept, setLocal }
}
