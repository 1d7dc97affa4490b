import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
}

export default defineConfig({
	server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
	build: { target: 'es2022', sourcemap: false },
	// Vite's dependency scan follows server-only imports too and would pre-bundle Argon2's
	// browser (WASI) build, which is not installed: the browser never loads it.
	optimizeDeps: { exclude: ['@node-rs/argon2'] },
	plugins: [
		remix({
			ignoredRouteFiles: ['**/*.server.*', '**/*.test.*', '**/.*'],
			future: {
				v3_fetcherPersist: true,
				v3_relativeSplatPath: true,
				v3_throwAbortReason: true,
				v3_singleFetch: true,
				v3_lazyRouteDiscovery: true,
			},
		}),
	],
})
