import { getSchema, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { minutesSchemaExtensions } from '#app/minutes/editor-extensions.ts'
import { MINUTES_FIELD } from '#app/minutes/minutes-doc.ts'

/**
 * Minutes documents for the export tests, written the way the editor writes them: ProseMirror
 * JSON in the editor's own schema, turned into Yjs by y-tiptap (marks become text attributes,
 * nodes XmlElements with their attributes).
 */

type Mark = NonNullable<JSONContent['marks']>[number]

export const text = (value: string, ...marks: Mark[]): JSONContent =>
	marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value }
export const bold: Mark = { type: 'bold' }
export const italic: Mark = { type: 'italic' }
export const underline: Mark = { type: 'underline' }
export const strike: Mark = { type: 'strike' }
export const code: Mark = { type: 'code' }
export const link = (href: string): Mark => ({ type: 'link', attrs: { href } })

const inline = (content: (JSONContent | string)[]) =>
	content.map((part) => (typeof part === 'string' ? text(part) : part))

export const p = (...content: (JSONContent | string)[]): JSONContent =>
	content.length ? { type: 'paragraph', content: inline(content) } : { type: 'paragraph' }
export const h = (level: number, value: string): JSONContent => ({
	type: 'heading',
	attrs: { level },
	content: [text(value)],
})
export const br: JSONContent = { type: 'hardBreak' }
export const li = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content })
export const ul = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items })
export const ol = (...items: JSONContent[]): JSONContent => ({
	type: 'orderedList',
	content: items,
})
export const table = (header: string[], ...rows: string[][]): JSONContent => ({
	type: 'table',
	content: [
		{
			type: 'tableRow',
			content: header.map((cell) => ({ type: 'tableHeader', content: [p(cell)] })),
		},
		...rows.map((row) => ({
			type: 'tableRow',
			content: row.map((cell) => ({ type: 'tableCell', content: [p(cell)] })),
		})),
	],
})

export const PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy'
export const RESOLUTION = 'Usnesení č. 1/2026: KMB Písek zajistí…'

/** A Y.Doc whose `default` fragment holds `content`, as the editor would have stored it. */
export function minutesDoc(...content: JSONContent[]): Y.Doc {
	const schema = getSchema(minutesSchemaExtensions())
	return prosemirrorJSONToYDoc(schema, { type: 'doc', content }, MINUTES_FIELD)
}

/** Minutes with every kind of block the export handles. */
export function sampleMinutes() {
	return minutesDoc(
		h(3, 'Zahájení'),
		p(PANGRAM),
		p(
			'Platforma se shodla na ',
			text('společném postupu', bold),
			' a ',
			text('termínech', italic),
			'; podklady jsou na ',
			text('webu MPSV', link('https://www.mpsv.cz/bydleni')),
			'.',
		),
		h(4, 'Usnesení'),
		ol(
			li(p(RESOLUTION), ul(li(p('kontakt na Úřad práce')), li(p('seznam volných bytů')))),
			li(p('Usnesení č. 2/2026: OSPOD pošle přehled případů.')),
		),
		table(['Organizace', 'Úkol', 'Termín'], ['KMB Písek', 'Oslovit majitele bytů', '30. 4. 2026']),
		h(3, 'Různé'),
		p('První řádek', br, 'druhý řádek'),
	)
}
