/**
 * Author colours: `dark` for carets, name labels and swatches (white text on it meets WCAG AA),
 * `light` for highlighting text (dark text on it meets AA).
 */
export const AUTHOR_COLOURS = [
	{ dark: '#1d4f91', light: '#dbe7f6' },
	{ dark: '#a4161a', light: '#fbdcdc' },
	{ dark: '#1e6b34', light: '#d7efdd' },
	{ dark: '#7a3e9d', light: '#ecdff5' },
	{ dark: '#9a4d00', light: '#fde5cc' },
	{ dark: '#006d77', light: '#d3eef0' },
	{ dark: '#8a1c5e', light: '#f6d8ea' },
	{ dark: '#4a5a00', light: '#e9efc8' },
	{ dark: '#3d4db7', light: '#dfe3fb' },
	{ dark: '#6b4226', light: '#efe2d8' },
] as const

export type AuthorColour = (typeof AUTHOR_COLOURS)[number]

function hash(value: string) {
	let result = 0
	for (let index = 0; index < value.length; index++) {
		result = (result * 31 + value.charCodeAt(index)) >>> 0
	}
	return result
}

/** A person's colour, the same on every device (derived from the user id). */
export function userColour(userId: string): AuthorColour {
	return AUTHOR_COLOURS[hash(userId) % AUTHOR_COLOURS.length]!
}

/**
 * Distinct colours for a set of authors (for the legend): each gets their own colour when it is
 * free, otherwise the next free one, so two authors never share a colour while any is left.
 */
export function assignAuthorColours(userIds: readonly string[]) {
	const assigned = new Map<string, AuthorColour>()
	const used = new Set<number>()
	for (const userId of [...new Set(userIds)].sort()) {
		let index = hash(userId) % AUTHOR_COLOURS.length
		for (let step = 0; step < AUTHOR_COLOURS.length && used.has(index); step++) {
			index = (index + 1) % AUTHOR_COLOURS.length
		}
		used.add(index)
		assigned.set(userId, AUTHOR_COLOURS[index]!)
	}
	return assigned
}
