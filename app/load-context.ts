import '@remix-run/node'

declare module '@remix-run/node' {
	interface AppLoadContext {
		/** The client's address as the HTTP server saw it (for sign-in throttling). */
		clientIp: string | null
		requestId: string
		/** This response's Content-Security-Policy nonce (server/security-headers.ts). */
		cspNonce?: string
	}
}
