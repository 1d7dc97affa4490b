import Collaboration from '@tiptap/extension-collaboration'
import { EditorContent, useEditor } from '@tiptap/react'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { pageNonce } from '#app/utils/nonce.tsx'
import { AUTHOR_COLOURS, type AuthorColour } from './colours.ts'
import { minutesSchemaExtensions } from './editor-extensions.ts'
import { MINUTES_FIELD } from './minutes-doc.ts'
import { YChangeBlocks, YChangeMark } from './ychange.ts'

/** Text by a client nobody was mapped to. */
export const UNKNOWN_AUTHOR_COLOUR = { dark: '#4d5561', light: '#e2e7ef' }

/**
 * A read-only rendering of a minutes document, optionally of the difference between two
 * snapshots (y-tiptap's snapshot rendering: text added after `prevSnapshot` and up to
 * `snapshot` is marked added, text removed in between is marked removed, each with its author
 * from the permanent user data).
 *
 * Always give it a COPY of the document: y-tiptap deletes content it cannot render, and that
 * must never reach the live minutes.
 */
export function SnapshotView({
	doc,
	pud,
	snapshot,
	prevSnapshot,
	colourBy,
	colours,
	authorName,
	label,
	className,
}: {
	doc: Y.Doc
	pud: Y.PermanentUserData
	snapshot?: Y.Snapshot
	prevSnapshot?: Y.Snapshot
	colourBy: 'author' | 'change'
	/** user id → colour; authors not listed get the "unknown" grey. */
	colours?: Map<string, AuthorColour>
	authorName: (userId: string | null) => string
	label: string
	className?: string
}) {
	const editor = useEditor(
		{
			immediatelyRender: false,
			// TipTap's own <style> element needs the page's CSP nonce (server/security-headers.ts).
			injectNonce: pageNonce(),
			editable: false,
			extensions: [
				...minutesSchemaExtensions(),
				YChangeMark.configure({ colourBy, authorName }),
				YChangeBlocks.configure({ colourBy, authorName }),
				Collaboration.configure({
					document: doc,
					field: MINUTES_FIELD,
					ySyncOptions: {
						permanentUserData: pud,
						colors: [...AUTHOR_COLOURS],
						colorMapping: colourMapping(colours),
					},
				}),
			],
			editorProps: {
				attributes: { role: 'document', 'aria-label': label, class: 'minutes-document' },
			},
			onCreate: ({ editor: created }) => {
				if (!snapshot) return
				created.view.dispatch(created.state.tr.setMeta(ySyncPluginKey, { snapshot, prevSnapshot }))
			},
		},
		[doc, snapshot, prevSnapshot, colourBy],
	)
	return <EditorContent editor={editor} className={className} />
}

function colourMapping(colours: Map<string, AuthorColour> | undefined) {
	// y-tiptap looks colours up by the user description (our user id); unmapped text has none.
	const mapping = new Map<string | undefined, { light: string; dark: string }>()
	colours?.forEach((colour, userId) => mapping.set(userId, colour))
	mapping.set(undefined, UNKNOWN_AUTHOR_COLOUR)
	return mapping as Map<string, { light: string; dark: string }>
}
