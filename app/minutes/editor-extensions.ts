import { TableKit } from '@tiptap/extension-table'
import StarterKit from '@tiptap/starter-kit'

/**
 * Heading levels inside the minutes: the page has the meeting's h1 and the "Zápis" h2, so the
 * minutes' own headings are h3 and h4 and the page keeps one heading outline.
 */
export const MINUTES_HEADING_LEVELS = [3, 4] as const

/**
 * The document schema shared by the live editor and every read-only view (attribution, versions,
 * comparison). Undo/redo comes from the Yjs undo manager (Collaboration), so StarterKit's own
 * history is off; links are followed normally, not opened by the editor.
 */
export function minutesSchemaExtensions() {
	return [
		StarterKit.configure({
			undoRedo: false,
			heading: { levels: [...MINUTES_HEADING_LEVELS] },
			link: {
				openOnClick: false,
				autolink: true,
				defaultProtocol: 'https',
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
			},
		}),
		TableKit.configure({ table: { resizable: false } }),
	]
}
