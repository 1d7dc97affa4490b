/** Binary document states travel to the browser as base64 inside the loader's JSON. */
export function bytesToBase64(bytes: Uint8Array) {
	let binary = ''
	for (let index = 0; index < bytes.length; index += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
	}
	return btoa(binary)
}

export function base64ToBytes(text: string) {
	const binary = atob(text)
	const bytes = new Uint8Array(binary.length)
	for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
	return bytes
}
