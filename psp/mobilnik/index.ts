import { createMobilnikAdapter } from './adapter';

export const mobilnikAdapter = createMobilnikAdapter();
