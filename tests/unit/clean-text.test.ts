import { describe, expect, test } from 'vitest'
import { cleanText } from '#app/utils/normalize.ts'

describe('cleanText', () => {
	test('removes every bidirectional embedding, override, isolate and mark', () => {
		const controls = [
			'\u202A',
			'\u202B',
			'\u202C',
			'\u202D',
			'\u202E',
			'\u2066',
			'\u2067',
			'\u2068',
			'\u2069',
			'\u200E',
			'\u200F',
			'\u061C',
		]
		for (const control of controls) {
			expect(cleanText(`Zápis${control} ze setkání`)).toBe('Zápis ze setkání')
		}
		// The classic trick: "invoice‮fdp.exe" reads as "invoiceexe.pdf".
		expect(cleanText('faktura\u202Efdp.exe')).toBe('fakturafdp.exe')
	})

	test('removes NUL, the other C0 controls, DEL and C1 controls', () => {
		expect(cleanText('Kolín\u0000')).toBe('Kolín')
		expect(cleanText('a\u0001b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).toBe('abcdefg')
	})

	test('keeps tab, line breaks and all ordinary text', () => {
		const text = 'Program:\r\n\t1. Úvod – Jana Nováková\n\t2. Bydlení „Housing First“ 😀'
		expect(cleanText(text)).toBe(text)
		// Hebrew or Arabic names keep their natural direction; only the controls go.
		expect(cleanText('שלום \u202Bמרים\u202C')).toBe('שלום מרים')
		expect(cleanText('')).toBe('')
	})
})
