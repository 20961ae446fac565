import type { Db } from './prisma';

export interface NotificationSettingsRecord {
  parkId: string;
  emails: string[];
  updatedAt: Date;
}

/** Who in a park gets notices: one row per park, replaced as a whole. */
export interface NotificationSettingsStore {
  get(parkId: string): Promise<NotificationSettingsRecord | null>;
  put(parkId: string, emails: string[]): Promise<NotificationSettingsRecord>;
}

export function createNotificationSettingsStore(db: Db): NotificationSettingsStore {
  const pick = ({ parkId, emails, updatedAt }: NotificationSettingsRecord) => ({ parkId, emails, updatedAt });
  return {
    async get(parkId) {
      const row = await db.parkNotificationSettings.findUnique({ where: { parkId } });
      return row ? pick(row) : null;
    },
    async put(parkId, emails) {
      return pick(
        await db.parkNotificationSettings.upsert({
          where: { parkId },
          create: { parkId, emails },
          update: { emails },
        }),
      );
    },
  };
}
