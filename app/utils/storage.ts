/** The storage problems pages tell people about, and the message of each (storage.messages.ts). */
export const STORAGE_PROBLEM_KEYS = {
	full: 'storage.full',
	read_only: 'storage.readOnly',
	missing: 'storage.missing',
	io_error: 'storage.ioError',
} as const

export type StorageProblem = keyof typeof STORAGE_PROBLEM_KEYS

/** The status of a page action refused because nothing can be stored. */
export const STORAGE_UNAVAILABLE_STATUS = 503
