import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { minutesContentDisposition } from '#app/minutes/export/file-name.ts'
import {
	buildMinutesExport,
	DEFAULT_EXPORT_OPTIONS,
	type MinutesExportSource,
} from '#app/minutes/export/minutes-export.ts'
import {
	type Block,
	minutesBlocksFromDoc,
	minutesSections,
	tableGrid,
} from '#app/minutes/export/minutes-model.ts'
import { minutesToMarkdown } from '#app/minutes/export/to-markdown.ts'
import {
	bold,
	br,
	code,
	h,
	italic,
	li,
	link,
	minutesDoc,
	p,
	PANGRAM,
	RESOLUTION,
	sampleMinutes,
	strike,
	table,
	text,
	ul,
} from './minutes-export-fixture.ts'

const meeting = {
	title: 'Platforma KMB Písek – březen',
	groupName: 'Platforma bydlení Písek',
	// 9:30 in Prague (winter time).
	startsAt: new Date('2026-03-24T08:30:00Z'),
	place: 'MěÚ Písek, zasedací místnost',
}

function markdown(doc: Y.Doc, source: Partial<MinutesExportSource> = {}, options = {}) {
	const sections = minutesSections(minutesBlocksFromDoc(doc))
	return minutesToMarkdown(
		buildMinutesExport(
			{ meeting, sections, ...source },
			{ ...DEFAULT_EXPORT_OPTIONS, ...options },
			'cs',
		),
	)
}

/** Only the minutes' own text: without the title and the details line. */
function body(doc: Y.Doc) {
	return markdown(doc).split('\n\n').slice(2).join('\n\n')
}

describe('minutes model', () => {
	test('reads headings, marks, nested lists, tables and breaks as the editor stored them', () => {
		const blocks = minutesBlocksFromDoc(sampleMinutes())
		expect(blocks.map((block) => block.type)).toEqual([
			'heading',
			'paragraph',
			'paragraph',
			'heading',
			'list',
			'table',
			'heading',
			'paragraph',
		])
		// The editor's h3 and h4 are the minutes' first and second level.
		expect(blocks[0]).toEqual({
			type: 'heading',
			level: 1,
			content: [{ type: 'text', text: 'Zahájení', marks: {} }],
		})
		expect(blocks[3]).toMatchObject({ type: 'heading', level: 2 })
		expect(blocks[2]).toEqual({
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Platforma se shodla na ', marks: {} },
				{ type: 'text', text: 'společném postupu', marks: { bold: true } },
				{ type: 'text', text: ' a ', marks: {} },
				{ type: 'text', text: 'termínech', marks: { italic: true } },
				{ type: 'text', text: '; podklady jsou na ', marks: {} },
				{ type: 'text', text: 'webu MPSV', marks: { link: 'https://www.mpsv.cz/bydleni' } },
				{ type: 'text', text: '.', marks: {} },
			],
		})
		const list = blocks[4] as Extract<Block, { type: 'list' }>
		expect(list).toMatchObject({ ordered: true, start: 1 })
		expect(list.items[0]!.blocks[1]).toMatchObject({
			type: 'list',
			ordered: false,
			items: [
				{ blocks: [{ content: [{ text: 'kontakt na Úřad práce' }] }] },
				{ blocks: [{ content: [{ text: 'seznam volných bytů' }] }] },
			],
		})
		const grid = tableGrid((blocks[5] as Extract<Block, { type: 'table' }>).rows)
		expect(grid.map((row) => row.map((slot) => slot.cell.header))).toEqual([
			[true, true, true],
			[false, false, false],
		])
		expect(blocks[7]).toMatchObject({
			content: [{ text: 'První řádek' }, { type: 'break' }, { text: 'druhý řádek' }],
		})
	})

	test('keeps unknown nodes as text, drops empty paragraphs and unsafe links', () => {
		const doc = new Y.Doc()
		const fragment = doc.getXmlFragment('default')
		const callout = new Y.XmlElement('callout')
		callout.insert(0, [new Y.XmlText('Pozor na lhůty')])
		const paragraph = new Y.XmlElement('paragraph')
		const linked = new Y.XmlText()
		linked.insert(0, 'klikněte sem', { link: { href: 'javascript:alert(1)' } })
		// y-tiptap writes marks that may overlap themselves with a hash suffix.
		linked.insert(0, 'Tučně ', { 'bold--AbCd1234': {} })
		paragraph.insert(0, [linked])
		fragment.insert(0, [callout, new Y.XmlElement('paragraph'), paragraph])
		expect(minutesBlocksFromDoc(doc)).toEqual([
			{ type: 'paragraph', content: [{ type: 'text', text: 'Pozor na lhůty', marks: {} }] },
			{
				type: 'paragraph',
				content: [
					{ type: 'text', text: 'Tučně ', marks: { bold: true } },
					{ type: 'text', text: 'klikněte sem', marks: {} },
				],
			},
		])
	})

	test('heading levels follow the shallowest heading in the document', () => {
		const blocks = minutesBlocksFromDoc(minutesDoc(h(4, 'Jediný nadpis'), p('Text')))
		expect(blocks[0]).toMatchObject({ type: 'heading', level: 1 })
	})

	test('each top-level heading starts a section; the text before it is a section too', () => {
		const blocks = minutesBlocksFromDoc(
			minutesDoc(p('Úvod'), h(3, 'Bod 1'), p('a'), h(4, 'Podbod'), p('b'), h(3, 'Bod 2')),
		)
		expect(minutesSections(blocks).map((section) => section.blocks.length)).toEqual([1, 4, 1])
	})
})

describe('Markdown', () => {
	test('the sample minutes', () => {
		expect(markdown(sampleMinutes())).toBe(
			[
				'# Zápis: Platforma KMB Písek – březen',
				'',
				'Skupina: Platforma bydlení Písek · Začátek: 24. 3. 2026 9:30 · Místo: MěÚ Písek, zasedací místnost',
				'',
				'## Zahájení',
				'',
				PANGRAM,
				'',
				'Platforma se shodla na **společném postupu** a *termínech*; podklady jsou na [webu MPSV](https://www.mpsv.cz/bydleni).',
				'',
				'### Usnesení',
				'',
				`1. ${RESOLUTION}`,
				'   - kontakt na Úřad práce',
				'   - seznam volných bytů',
				'2. Usnesení č. 2/2026: OSPOD pošle přehled případů.',
				'',
				'| Organizace | Úkol | Termín |',
				'| --- | --- | --- |',
				'| KMB Písek | Oslovit majitele bytů | 30. 4. 2026 |',
				'',
				'## Různé',
				'',
				'První řádek\\',
				'druhý řádek',
				'',
			].join('\n'),
		)
	})

	test('what people typed stays text: Markdown characters are escaped', () => {
		expect(
			body(
				minutesDoc(
					p('1. bod není seznam'),
					p('- ani tohle, # ani nadpis'),
					p('Cena *orientační*, soubor plan_2026_v2.docx, [poznámka] <b>ne</b> a&nbsp;tak'),
					table(['Sloupec | s čarou', 'B'], ['1. řádek', 'x']),
				),
			),
		).toBe(
			[
				'1\\. bod není seznam',
				'',
				'\\- ani tohle, # ani nadpis',
				'',
				'Cena \\*orientační\\*, soubor plan\\_2026\\_v2.docx, \\[poznámka\\] \\<b\\>ne\\</b\\> a\\&nbsp;tak',
				'',
				'| Sloupec \\| s čarou | B |',
				'| --- | --- |',
				'| 1. řádek | x |',
				'',
			].join('\n'),
		)
	})

	test('a heading ending in # keeps it; a newline inside text is a line break', () => {
		expect(body(minutesDoc(h(3, 'Poznámky #'), p('Řádek\n1. není seznam')))).toBe(
			['## Poznámky \\#', '', 'Řádek\\', '1\\. není seznam', ''].join('\n'),
		)
	})

	test('formatting around spaces, nested marks, code, strike and links', () => {
		expect(
			body(
				minutesDoc(
					p(
						text('Tučně ', bold),
						text('a kurzívou', bold, italic),
						' pak ',
						text('kód `x`', code),
						' a ',
						text('škrtnuto', strike),
						' ',
						text('odkaz (PDF)', link('https://example.cz/a b(1).pdf')),
					),
				),
			),
		).toBe(
			'**Tučně *a kurzívou*** pak `` kód `x` `` a ~~škrtnuto~~ [odkaz (PDF)](https://example.cz/a%20b%281%29.pdf)\n',
		)
	})

	test('lists: numbering from the start attribute, items with several paragraphs, list after list', () => {
		const doc = minutesDoc(
			{ type: 'orderedList', attrs: { start: 3 }, content: [li(p('třetí'), p('s dodatkem'))] },
			ul(li(p('a'))),
			ul(li(p('b'))),
		)
		expect(body(doc)).toBe(['3. třetí', '', '   s dodatkem', '', '- a', '', '* b', ''].join('\n'))
	})

	test('hard breaks in a list item keep the item together', () => {
		expect(body(minutesDoc(ul(li(p('první', br, 'druhý')))))).toBe('- první\\\n  druhý\n')
	})
})

describe('export contents', () => {
	test('empty minutes say so', () => {
		// What the editor stores when nobody has typed: one empty paragraph.
		const view = buildMinutesExport(
			{ meeting, sections: minutesSections(minutesBlocksFromDoc(minutesDoc(p()))) },
			DEFAULT_EXPORT_OPTIONS,
			'cs',
		)
		expect(view.blocks).toEqual([
			{
				type: 'paragraph',
				emphasis: 'muted',
				content: [{ type: 'text', text: 'Zápis zatím neobsahuje text.', marks: {} }],
			},
		])
		expect(minutesToMarkdown(view).trim().split('\n').at(-1)).toBe('*Zápis zatím neobsahuje text.*')
	})

	test('the attendance list is included only when asked for', () => {
		const attendance = [
			{ name: 'Jana Nová', organisation: 'KMB Písek', status: 'present' as const },
			{ name: 'Petr Malý', organisation: null, status: 'present' as const },
			{ name: 'Eva Dvořáková', organisation: 'Úřad práce', status: 'excused' as const },
		]
		const doc = minutesDoc(p('Text'))
		expect(markdown(doc, { attendance })).not.toContain('Přítomni')
		expect(body(doc)).toBe('Text\n')
		const withList = markdown(doc, { attendance }, { includeAttendance: true })
		expect(withList.split('\n\n').slice(2)).toEqual([
			'**Přítomni:** Jana Nová (KMB Písek), Petr Malý',
			'**Omluveni:** Eva Dvořáková (Úřad práce)',
			'Text\n',
		])
	})

	test('confidential sections can be left out, with a note that they were', () => {
		const sections = minutesSections(
			minutesBlocksFromDoc(minutesDoc(h(3, 'Veřejný bod'), p('Pro všechny'))),
		)
		sections.push({
			confidential: true,
			blocks: [
				{
					type: 'heading',
					level: 1,
					confidential: true,
					content: [{ type: 'text', text: 'Kazuistika', marks: {} }],
				},
				{ type: 'paragraph', content: [{ type: 'text', text: 'Rodina N. z Písku', marks: {} }] },
			],
		})
		const render = (omitConfidential: boolean) =>
			minutesToMarkdown(
				buildMinutesExport(
					{ meeting, sections },
					{ ...DEFAULT_EXPORT_OPTIONS, omitConfidential },
					'cs',
				),
			)
		expect(render(false)).toContain('Rodina N. z Písku')
		const omitted = render(true)
		expect(omitted).toContain('Pro všechny')
		expect(omitted).not.toContain('Kazuistika')
		expect(omitted).not.toContain('Rodina N.')
		expect(omitted).toContain('*Neveřejné části zápisu v tomto výstupu nejsou.*')
	})

	test('labels follow the reader’s language, the minutes stay as written', () => {
		const view = buildMinutesExport(
			{ meeting, sections: minutesSections(minutesBlocksFromDoc(minutesDoc(p(PANGRAM)))) },
			DEFAULT_EXPORT_OPTIONS,
			'en',
		)
		expect(view.title).toBe('Minutes: Platforma KMB Písek – březen')
		expect(view.details).toBe(
			'Group: Platforma bydlení Písek · Starts: 24 Mar 2026, 09:30 · Place: MěÚ Písek, zasedací místnost',
		)
		expect(view.pageLabel).toBe('Page {page} of {pages}')
		expect(view.language).toBe('cs-CZ')
	})
})

describe('file name', () => {
	test('ASCII name plus the Czech one, dated by the meeting day in Prague', () => {
		// 00:30 in Prague on 24 March is still 23 March in UTC.
		const disposition = minutesContentDisposition(
			{ title: 'Setkání KMB Písek (jaro) – „Bydlení“', startsAt: new Date('2026-03-23T23:30:00Z') },
			'pdf',
		)
		expect(disposition).toBe(
			`attachment; filename="zapis-setkani-kmb-pisek-jaro-bydleni-2026-03-24.pdf"; filename*=UTF-8''${encodeURIComponent('zápis-setkání-kmb-písek-jaro-bydlení-2026-03-24.pdf')}`,
		)
	})

	test('a title without letters still gives a name', () => {
		expect(
			minutesContentDisposition({ title: '„…“', startsAt: new Date('2026-07-01T10:00:00Z') }, 'md'),
		).toBe(
			`attachment; filename="zapis-2026-07-01.md"; filename*=UTF-8''${encodeURIComponent('zápis-2026-07-01.md')}`,
		)
	})
})
