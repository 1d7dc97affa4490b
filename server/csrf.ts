import type { NextFunction, Request, Response } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF protection by origin check (the Lucia guide's approach): a non-GET request whose
 * `Origin` is not this site is refused with 403. Browsers send `Origin` on every cross-site
 * and same-site POST; a request without it is accepted only when it carries no sign of a
 * browser cross-site context (`Sec-Fetch-Site` absent, `same-origin` or `none`), which lets
 * scripts and the CLI post while a hostile page cannot.
 */
export function createCsrfGuard(baseUrl: string) {
	const configured = new URL(baseUrl).origin
	return function csrfGuard(req: Request, res: Response, next: NextFunction) {
		if (SAFE_METHODS.has(req.method)) return next()
		const origin = req.get('origin')
		if (origin) {
			if (isSameSite(origin, req.get('host'), configured)) return next()
			return refuse(res)
		}
		const fetchSite = req.get('sec-fetch-site')
		if (!fetchSite || fetchSite === 'same-origin' || fetchSite === 'none') return next()
		return refuse(res)
	}
}

/** True when `origin` is the configured public origin or the request's own host. */
export function isSameSite(origin: string, host: string | undefined, configured: string) {
	if (origin === configured) return true
	if (!host) return false
	try {
		return new URL(origin).host === host
	} catch {
		return false
	}
}

function refuse(res: Response) {
	res
		.status(403)
		.type('text/plain; charset=utf-8')
		.send('Požadavek byl odmítnut: přišel z jiné stránky (ochrana proti CSRF).')
}
