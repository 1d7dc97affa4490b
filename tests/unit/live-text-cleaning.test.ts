import { getSchema } from '@tiptap/core'
import { Slice } from '@tiptap/pm/model'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addItem, agendaArray, readAgenda } from '#app/agenda/agenda-doc.ts'
import { cleanSlice } from '#app/minutes/clean-text-input.ts'
import { minutesSchemaExtensions } from '#app/minutes/editor-extensions.ts'

describe('text of live documents follows the rule of form fields', () => {
	test('agenda items read from Yjs lose bidirectional controls and NUL, whoever wrote them', () => {
		const doc = new Y.Doc()
		addItem(doc, { title: 'Bydlení \u202Efdp.exe\u0000', presenter: 'Jana\u2066 Nováková\u2069' })
		// What any client stored stays as it came in the document; readers get it clean.
		expect(agendaArray(doc).get(0).get('title')).toBe('Bydlení \u202Efdp.exe\u0000')
		const [item] = readAgenda(doc)
		expect(item!.title).toBe('Bydlení fdp.exe')
		expect(item!.presenter).toBe('Jana Nováková')
	})

	test('text pasted into the minutes loses them, marks and structure stay', () => {
		const schema = getSchema(minutesSchemaExtensions())
		const bold = schema.marks.bold!.create()
		const pasted = new Slice(
			schema.nodes.doc!.create(null, [
				schema.nodes.paragraph!.create(null, [
					schema.text('Usnesení \u202E1/2026'),
					schema.text('\u0000\u200F', [bold]),
					schema.text(' schváleno', [bold]),
				]),
			]).content,
			0,
			0,
		)
		const cleaned = cleanSlice(pasted)
		expect(cleaned.content.textBetween(0, cleaned.content.size)).toBe('Usnesení 1/2026 schváleno')
		const paragraph = cleaned.content.firstChild!
		expect(paragraph.type.name).toBe('paragraph')
		expect(paragraph.childCount).toBe(2)
		expect(paragraph.lastChild!.marks.map((mark) => mark.type.name)).toEqual(['bold'])
	})
})
