import 'server-only';

// The app's queue client, for server components, actions and route handlers (./app-boss.ts has the why).
export { getBoss } from './app-boss';
