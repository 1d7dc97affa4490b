/** Appends `notice=<key>` to a path for the page that follows a successful action. */
export function withNotice(path: string, key: `notice.${string}`) {
	const [base, query = ''] = path.split('?')
	const params = new URLSearchParams(query)
	params.set('notice', key)
	return `${base}?${params}`
}
