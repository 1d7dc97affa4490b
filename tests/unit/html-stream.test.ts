import { PassThrough } from 'node:stream'
import { createElement, Suspense } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { createHtmlBody, REACT_VIEW_SIZE } from '#app/utils/html-stream.server.ts'

const PLACES = ['Ústí nad Labem', 'Říčany', 'Čáslav', 'Žďár nad Sázavou', 'Dvůr Králové', 'Třeboň']

/** A list of Czech place names long enough to span many of React's 2 KiB views. */
function placeList(count: number, offset: number) {
	const items = Array.from({ length: count }, (_, index) =>
		createElement('li', { key: index }, `${PLACES[(index * 7 + offset) % PLACES.length]} ${index}`),
	)
	return createElement('ul', null, createElement(Suspense, null, items))
}

function render(element: React.ReactElement, through?: () => NodeJS.ReadWriteStream) {
	return new Promise<Buffer>((resolve, reject) => {
		const out = new PassThrough()
		const chunks: Buffer[] = []
		out.on('data', (chunk: Buffer) => chunks.push(chunk))
		out.on('end', () => resolve(Buffer.concat(chunks)))
		const { pipe } = renderToPipeableStream(element, {
			onShellReady() {
				if (!through) return pipe(out)
				const middle = through()
				middle.pipe(out)
				pipe(middle as unknown as NodeJS.WritableStream)
			},
			onShellError: reject,
		})
	})
}

describe('HTML streamed by React 18 carries no NUL bytes', () => {
	test('React 18 alone leaves NUL bytes between views of Czech text (if this fails after an upgrade, createHtmlBody can go)', async () => {
		let withNul = 0
		for (let offset = 0; offset < 50; offset++) {
			if ((await render(placeList(200 + offset, offset))).includes(0)) withNul++
		}
		expect(withNul).toBeGreaterThan(0)
	})

	test('through createHtmlBody the same pages have none and read the same', async () => {
		for (let offset = 0; offset < 50; offset++) {
			const element = placeList(200 + offset, offset)
			const plain = await render(element)
			const fixed = await render(element, createHtmlBody)
			expect(fixed.includes(0)).toBe(false)
			expect(fixed.toString('utf8')).toBe(plain.toString('utf8').replaceAll('\u0000', ''))
		}
	})

	test('only full-size views lose trailing NUL bytes, and at most three', async () => {
		const pass = async (chunk: Buffer) => {
			const body = createHtmlBody()
			const out: Buffer[] = []
			body.on('data', (part: Buffer) => out.push(part))
			body.end(chunk)
			await new Promise((resolve) => body.on('end', resolve))
			return Buffer.concat(out)
		}
		const full = Buffer.alloc(REACT_VIEW_SIZE, 0x61)
		full.fill(0, REACT_VIEW_SIZE - 2)
		expect((await pass(full)).length).toBe(REACT_VIEW_SIZE - 2)
		const zeros = Buffer.alloc(REACT_VIEW_SIZE, 0)
		expect((await pass(zeros)).length).toBe(REACT_VIEW_SIZE - 3)
		const short = Buffer.from([0x61, 0, 0])
		expect(await pass(short)).toEqual(short)
	})
})
