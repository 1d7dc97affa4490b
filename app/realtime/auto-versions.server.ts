import { recordAutoVersionIfChanged } from '#app/minutes/versions.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'

const pending = new Set<Promise<unknown>>()

/**
 * History of live documents: an automatic version when a document goes idle and every ten
 * minutes while people edit it (skipped when nothing changed since the last version). Kinds use
 * it as their `onIdle` hook; failures are logged, never thrown.
 */
export function recordAutoVersion(docName: string) {
	const done = recordAutoVersionIfChanged(docName)
		.catch((error: unknown) =>
			getLogger().error({ err: error, doc: docName }, 'automatic version failed'),
		)
		.finally(() => pending.delete(done))
	pending.add(done)
}

/** Waits for the automatic versions being recorded (at shutdown). */
export async function flushAutoVersions() {
	await Promise.allSettled([...pending])
}
