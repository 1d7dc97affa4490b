import { createContext, useContext } from 'react'

/**
 * This response's Content-Security-Policy nonce (server/security-headers.ts). The server renders
 * it into Remix's inline scripts; in the browser it is empty, because browsers hide nonces from
 * the page once it is parsed.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce() {
	return useContext(NonceContext)
}

/**
 * The page's nonce read back in the browser (script elements keep it as a property), for code
 * that adds a `<style>` element itself, e.g. TipTap's editor styles.
 */
export function pageNonce(): string | undefined {
	if (typeof document === 'undefined') return undefined
	return document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || undefined
}
