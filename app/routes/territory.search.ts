import { type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '#app/auth/auth.server.ts'
import { searchObce } from '#app/territory/territory.server.ts'
import { cleanText } from '#app/utils/normalize.ts'

/** A picker shows a short list; typing more narrows it. */
const PICKER_LIMIT = 20

/**
 * `GET /territory/search?q=usti` → `{ obce: [{ kod, nazev, okresNazev, orpKod, orpNazev,
 * krajNazev }] }`, at most 20, best matches first (see searchObce). For obec/ORP pickers.
 * Signed-in users only; others get 401 rather than a redirect to the login page, because
 * the caller is a script, not a person.
 */
export async function loader({ request }: LoaderFunctionArgs) {
	if (!getUser(request)) {
		return Response.json({ error: 'unauthorized' }, { status: 401 })
	}
	const q = cleanText(new URL(request.url).searchParams.get('q') ?? '')
	const obce = searchObce(q, PICKER_LIMIT).map((obec) => ({
		kod: obec.kod,
		nazev: obec.nazev,
		okresNazev: obec.okresNazev,
		orpKod: obec.orpKod,
		orpNazev: obec.orpNazev,
		krajNazev: obec.krajNazev,
	}))
	return Response.json({ obce }, { headers: { 'Cache-Control': 'private, max-age=300' } })
}
