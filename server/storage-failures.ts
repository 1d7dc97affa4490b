import { data, type ServerBuild } from '@remix-run/node'
import { STORAGE_PROBLEM_KEYS, STORAGE_UNAVAILABLE_STATUS } from '#app/utils/storage.ts'
import type { Db } from '#db/client.ts'
import {
	assertDatabaseFileIsThere,
	checkDatabase,
	databaseState,
	reportDatabaseFailure,
} from '#db/storage-health.ts'

type RouteModule = ServerBuild['routes'][string]['module']
type Action = NonNullable<RouteModule['action']>
type Loader = NonNullable<RouteModule['loader']>

/**
 * Every page action and loader of the Remix build, guarded against storage failures (disk full,
 * database read-only or deleted; db/storage-health.ts) in one place instead of in each route:
 *
 * - an action whose write fails *returns* `{ error: <message key> }` with status 503, so the
 *   page stays as it was, with everything typed into the form, and the root loader (revalidated
 *   after a 503, see `shouldRevalidate` in root.tsx) shows the banner saying what is wrong;
 *   forms that show an `error` key of their own (the minutes' lifecycle) show it too;
 * - an action is refused the same way before it runs while the database file is gone (SQLite
 *   would accept the write into a deleted file and lose it at the next start);
 * - a loader that fails on storage throws 503 `{ error: 'storage.pageUnavailable' }` for the
 *   error boundary instead of an unexplained 500.
 *
 * Other errors pass through untouched.
 */
export function guardStorageFailures(build: ServerBuild, db: Db): ServerBuild {
	const routes: ServerBuild['routes'] = {}
	for (const [id, route] of Object.entries(build.routes)) {
		const { action, loader } = route.module
		routes[id] = {
			...route,
			module: {
				...route.module,
				...(action ? { action: guardAction(action, db) } : {}),
				...(loader ? { loader: guardLoader(loader) } : {}),
			},
		}
	}
	return { ...build, routes }
}

const guarded = new WeakMap<ServerBuild, ServerBuild>()

/** The same for a build loaded per request (Vite in development): guarded once per build. */
export function guardStorageFailuresOf(
	build: ServerBuild | (() => Promise<ServerBuild>),
	db: Db,
): ServerBuild | (() => Promise<ServerBuild>) {
	const guard = (loaded: ServerBuild) => {
		let result = guarded.get(loaded)
		if (!result) {
			result = guardStorageFailures(loaded, db)
			guarded.set(loaded, result)
		}
		return result
	}
	return typeof build === 'function' ? () => build().then(guard) : guard(build)
}

function refusal(error: unknown) {
	const problem = reportDatabaseFailure(error)
	if (!problem) return null
	return data(
		{ error: STORAGE_PROBLEM_KEYS[problem] },
		{ status: STORAGE_UNAVAILABLE_STATUS, headers: { 'Retry-After': '30' } },
	)
}

function guardAction(action: Action, db: Db): Action {
	return async (args) => {
		try {
			assertDatabaseFileIsThere(db.$client)
			const result = await action(args)
			// A write that worked while storage was failing: see whether the failure is over.
			if (databaseState().status !== 'ok') checkDatabase(db.$client, { probeNow: true })
			return result
		} catch (error) {
			const refused = refusal(error)
			if (refused) return refused
			throw error
		}
	}
}

function guardLoader(loader: Loader): Loader {
	return async (args) => {
		try {
			return await loader(args)
		} catch (error) {
			if (!reportDatabaseFailure(error)) throw error
			throw Response.json(
				{ error: 'storage.pageUnavailable' },
				{ status: STORAGE_UNAVAILABLE_STATUS, headers: { 'Retry-After': '30' } },
			)
		}
	}
}
