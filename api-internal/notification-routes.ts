import { z } from 'zod';
import type { NotificationSettings, ParkNotifications } from '../application/notification-settings';
import { operation, type Operation } from './operations';
import { parkParams } from './params';

export interface NotificationRoutesDeps {
  notifications: ParkNotifications;
}

const settingsBody = z.strictObject({
  emails: z
    .array(z.email().max(254))
    .max(20)
    .describe("who gets notices about the park's wallets (credential expiry); an empty list turns them off"),
});
const settingsSchema = z.object({
  parkId: z.string(),
  emails: z.array(z.string()),
  updatedAt: z.iso.datetime().nullable().describe('null while the park has never set them'),
});

const view = ({ parkId, emails, updatedAt }: NotificationSettings) => ({ parkId, emails, updatedAt });

/** A park's notice contacts. */
export function notificationOperations({ notifications }: NotificationRoutesDeps): Operation[] {
  const path = '/v1/parks/{parkId}/notification-settings';
  const common = { tag: 'notifications', access: 'park' as const, path, params: parkParams };
  return [
    operation({
      ...common,
      id: 'getNotificationSettings',
      method: 'get',
      summary: "Who gets the park's notices (credential expiry reminders)",
      responses: { 200: { description: 'the settings', schema: settingsSchema } },
      async handle({ params }, _req, res) {
        res.json(view(await notifications.get(params.parkId)));
      },
    }),
    operation({
      ...common,
      id: 'putNotificationSettings',
      method: 'put',
      summary: "Replace who gets the park's notices",
      body: settingsBody,
      responses: { 200: { description: 'the saved settings', schema: settingsSchema } },
      async handle({ params, body }, _req, res) {
        res.json(view(await notifications.put(params.parkId, body.emails)));
      },
    }),
  ];
}
