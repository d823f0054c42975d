// Puts an article on the clipboard twice: as rich text (text/html, for editors that keep
// formatting, like Zhihu's) and as plain text (text/plain, Markdown for CSDN's editor).

/**
 * Starts the write at once: call it directly from the click handler, before any `await`,
 * because WebKit allows clipboard writes only during the user's gesture.
 */
export async function copyRichText(html: string, text: string): Promise<void> {
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    try {
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/html': new Blob([html], { type: 'text/html' }),
          'text/plain': new Blob([text], { type: 'text/plain' }),
        }),
      ])
      return
    } catch {
      // Refused (no permission, no secure context): the copy event below still works.
    }
  }
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/html', html)
    event.clipboardData?.setData('text/plain', text)
    event.preventDefault()
  }
  document.addEventListener('copy', onCopy)
  try {
    if (!document.execCommand('copy')) throw new Error('the clipboard refused the copy')
  } finally {
    document.removeEventListener('copy', onCopy)
  }
}
