import { useRouteLoaderData } from '@remix-run/react'
import type { SessionUser } from '#app/auth/session.server.ts'

/** The signed-in user as the root loader sees it, or null. */
export function useOptionalUser() {
	const data = useRouteLoaderData<{ user: SessionUser | null }>('root')
	return data?.user ?? null
}
