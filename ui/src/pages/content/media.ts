// Media references (`media/<file>`) in the core's HTML and in covers become URLs of the shell's
// `gecko-media:` scheme, which serves only image files of the app's media folder.
import { convertFileSrc } from '@tauri-apps/api/core'

const PREFIX = 'media/'

/** The URL the webview loads a `media/<file>` reference from; other values are left alone. */
export function mediaUrl(reference: string): string {
  if (!reference.startsWith(PREFIX)) return reference
  return convertFileSrc(reference.slice(PREFIX.length), 'gecko-media')
}

/** The preview HTML with its media images pointing at the media scheme. */
export function withMediaUrls(html: string): string {
  if (!html.includes(PREFIX)) return html
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  for (const img of doc.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? ''
    if (src.startsWith(PREFIX)) img.setAttribute('src', mediaUrl(src))
  }
  return doc.body.innerHTML
}
