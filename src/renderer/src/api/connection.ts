import { ref } from 'vue';
import { CONNECTED, type ConnectionStatus } from './connection-status.ts';

/** The renderer's link to its host, for views to show and to reload after `reconnects` grows. */
export const connection = ref<ConnectionStatus>({ ...CONNECTED });
