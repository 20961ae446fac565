import type { NotificationSettingsStore } from '../storage/park-notifications';

export interface NotificationSettings {
  parkId: string;
  emails: string[];
  /** Null while the park has never set them. */
  updatedAt: Date | null;
}

/** A park's notice contacts (credential expiry reminders, …). */
export interface ParkNotifications {
  get(parkId: string): Promise<NotificationSettings>;
  put(parkId: string, emails: string[]): Promise<NotificationSettings>;
}

export function createParkNotifications(store: NotificationSettingsStore): ParkNotifications {
  return {
    async get(parkId) {
      return (await store.get(parkId)) ?? { parkId, emails: [], updatedAt: null };
    },
    async put(parkId, emails) {
      // Addresses differ only in case more often than not by mistake; one notice per mailbox.
      const unique = [...new Map(emails.map((e) => [e.toLowerCase(), e])).values()];
      return store.put(parkId, unique);
    },
  };
}
