import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import helmet from 'helmet'

/**
 * Security headers on every response (pages, assets, /healthz, errors), README decision
 * "Content Security Policy with a per-request nonce":
 *
 * - a Content Security Policy whose scripts and style elements need this request's nonce (Remix's
 *   inline scripts get it through entry.server.tsx and root.tsx; TipTap's style element through
 *   `pageNonce()`), so an injected `<script>` or `<style>` does not run;
 * - style *attributes* stay allowed (`style-src-attr 'unsafe-inline'`): React renders `style={…}`
 *   into the HTML and ProseMirror, its tables and the authorship colours set `style` attributes;
 *   an attribute cannot run script, and injecting one needs an HTML injection the policy already
 *   contains;
 * - no framing by anyone (`frame-ancestors 'none'` and `X-Frame-Options: DENY`), `nosniff`,
 *   `Referrer-Policy: same-origin` (token addresses such as /poll/<token> or /invite/<token> never
 *   leave in a Referer, while our own forms keep a real Origin for the CSRF check; `no-referrer`
 *   would make browsers send `Origin: null` on POST);
 * - HSTS and `upgrade-insecure-requests` only when BASE_URL is https.
 */
export function createSecurityHeaders(options: {
	baseUrl: string
	mode: 'production' | 'development'
	/** Vite's HMR web socket port in development; by default HMR_PORT as in vite.config.ts. */
	hmrPort?: number
}): RequestHandler[] {
	const base = new URL(options.baseUrl)
	const https = base.protocol === 'https:'
	// 'self' covers ws(s) to the same host in CSP 3 browsers; the configured origin is named too
	// for browsers that read 'self' strictly (the socket.io client connects by web socket).
	const socketOrigin = `${https ? 'wss' : 'ws'}://${base.host}`
	const development = options.mode === 'development'
	const connectSrc = ["'self'", socketOrigin]
	// Vite's client in `npm run dev` talks to its HMR server on its own port (vite.config.ts), on
	// whichever host name the page was opened with.
	if (development) {
		connectSrc.push(`ws://*:${options.hmrPort ?? Number(process.env.HMR_PORT ?? 24678)}`)
	}

	const nonce = (_req: IncomingMessage, res: ServerResponse) =>
		`'nonce-${String((res as Response).locals.cspNonce)}'`

	const headers = helmet({
		contentSecurityPolicy: {
			useDefaults: false,
			directives: {
				defaultSrc: ["'self'"],
				baseUri: ["'none'"],
				connectSrc,
				fontSrc: ["'self'", 'data:'],
				formAction: ["'self'"],
				frameAncestors: ["'none'"],
				imgSrc: ["'self'", 'data:'],
				objectSrc: ["'none'"],
				scriptSrc: ["'self'", nonce],
				scriptSrcAttr: ["'none'"],
				styleSrc: ["'self'", nonce],
				styleSrcAttr: ["'unsafe-inline'"],
				...(https ? { upgradeInsecureRequests: [] } : {}),
			},
		},
		// Cross-Origin-Embedder-Policy stays off (helmet's default): nothing here needs
		// cross-origin isolation, and it would block nothing we serve.
		xFrameOptions: { action: 'deny' },
		referrerPolicy: { policy: 'same-origin' },
		strictTransportSecurity: https ? { maxAge: 365 * 24 * 60 * 60 } : false,
	})

	return [
		function cspNonce(_req: Request, res: Response, next: NextFunction) {
			res.locals.cspNonce = randomBytes(16).toString('base64')
			next()
		},
		headers,
	]
}
